package dev.rampart.board.upload;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One stored file as the list page shows it, without its content.
 *
 * @param id the generated id, the last segment of the download path
 * @param name the sanitised original name, for display only
 * @param contentType the type detected from the content
 * @param size the size in bytes
 * @param createdAt when it was uploaded
 */
public record UploadSummary(String id, String name, String contentType, long size, Instant createdAt) {

    private static final DateTimeFormatter UTC_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String downloadPath() {
        return "/uploads/" + id;
    }

    public String sizeText() {
        return ByteSizes.format(size);
    }

    public String createdText() {
        return UTC_MINUTES.format(createdAt);
    }

    /** Returns the upload time in ISO 8601 form, for the {@code datetime} attribute of {@code <time>}. */
    public String createdIso() {
        return createdAt.toString();
    }
}
