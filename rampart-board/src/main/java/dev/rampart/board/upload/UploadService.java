package dev.rampart.board.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.web.multipart.MultipartFile;

import dev.rampart.board.idempotency.CreatedResource;
import dev.rampart.board.idempotency.IdempotencyKey;
import dev.rampart.board.idempotency.IdempotentSubmissions;
import dev.rampart.board.idempotency.Submission;
import dev.rampart.board.upload.UploadResult.Rejected;
import dev.rampart.board.upload.UploadResult.Stored;
import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;

/**
 * Checks and stores uploads. Tomcat limits the size of one file while it reads the request, so this class
 * checks only what the whole file shows: that it is not empty, its type from its bytes, and the owner's quota.
 */
@Service
class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    /** The kind of resource recorded under the upload form's idempotency key. */
    static final String SUBMISSION_KIND = "upload";

    /** The page a stored upload redirects to: the list, which shows the new file first. */
    static final String LIST_PATH = "/uploads";

    private final UploadRepository uploads;
    private final ContentTypeDetector detector;
    private final UploadProperties limits;
    private final SecurityEvents events;
    private final IdempotentSubmissions submissions;

    UploadService(UploadRepository uploads, ContentTypeDetector detector, UploadProperties limits,
            SecurityEvents events, IdempotentSubmissions submissions) {
        this.uploads = uploads;
        this.detector = detector;
        this.limits = limits;
        this.events = events;
        this.submissions = submissions;
    }

    /**
     * Checks and stores a file, unless the owner already submitted the form with this key. Then it returns the
     * file that the first submission stored. A rejected file leaves the key usable.
     */
    UploadResult store(long ownerId, String ownerName, IdempotencyKey key, @Nullable MultipartFile file) {
        if (file == null || file.isEmpty()) {
            return emptyFile(file);
        }
        byte[] content = bytes(file);
        String contentType = detector.detect(content);
        if (!ContentTypeDetector.isAllowed(contentType)) {
            return rejectType(ownerName, file, contentType);
        }

        String name = FileNameSanitizer.sanitize(file.getOriginalFilename());
        NewUpload upload = new NewUpload(UploadIds.next(), ownerId, name, contentType, content, sha256(content));
        Optional<Submission> submission = submitWithinLimits(ownerId, key, upload);
        if (submission.isEmpty()) {
            return overLimit(ownerId, content.length);
        }
        CreatedResource stored = submission.get().resource();
        if (!submission.get().replayed()) {
            log.debug("Stored upload {} of {} bytes as {}", stored.id(), content.length, contentType);
        }
        return new Stored(stored.id(), stored.location());
    }

    /**
     * Inserts the upload under its form's idempotency key, turning a failure of the database's storage into an
     * {@link UploadStorageException}. Any other failure, such as a bug in a query, is passed on unchanged.
     */
    private Optional<Submission> submitWithinLimits(long ownerId, IdempotencyKey key, NewUpload upload) {
        try {
            return submissions.submit(ownerId, key, SUBMISSION_KIND, jdbc -> {
                boolean stored = uploads.insertWithinLimits(jdbc, upload, limits.quota().toBytes(),
                        limits.maxFiles());
                return stored ? Optional.of(new CreatedResource(upload.id(), LIST_PATH)) : Optional.empty();
            });
        }
        catch (DataAccessException | TransactionException ex) {
            Optional<UploadStorageFailure> failure = UploadStorageFailure.ofDatabase(ex);
            if (failure.isEmpty()) {
                throw ex;
            }
            throw new UploadStorageException(failure.get(), ex);
        }
    }

    List<UploadSummary> list(long ownerId, long offset, int limit) {
        return uploads.list(ownerId, offset, limit);
    }

    Optional<StoredFile> find(long ownerId, String id) {
        return UploadIds.isWellFormed(id) ? uploads.find(ownerId, id) : Optional.empty();
    }

    Usage usage(long ownerId) {
        return uploads.usage(ownerId);
    }

    UploadProperties limits() {
        return limits;
    }

    private static Rejected emptyFile(@Nullable MultipartFile file) {
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isEmpty()) {
            return new Rejected(HttpStatus.UNPROCESSABLE_CONTENT, "Choose a file to upload.");
        }
        return new Rejected(HttpStatus.UNPROCESSABLE_CONTENT,
                "The file is empty (0 bytes). Choose a file that has content.");
    }

    private Rejected rejectType(String ownerName, MultipartFile file, String contentType) {
        events.record(SecurityEventType.UPLOAD_REJECTED, ownerName, "detected " + contentType + ", declared "
                + file.getContentType() + ", name " + file.getOriginalFilename());
        return new Rejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The file's content is " + contentType
                + ", which is not accepted. Upload a file of one of these types: "
                + String.join(", ", ContentTypeDetector.ALLOWED) + ".");
    }

    private Rejected overLimit(long ownerId, long size) {
        Usage usage = uploads.usage(ownerId);
        if (usage.files() >= limits.maxFiles()) {
            return new Rejected(HttpStatus.UNPROCESSABLE_CONTENT, "You already have " + usage.files()
                    + " files, the most one account may keep. Nothing was stored.");
        }
        long quota = limits.quota().toBytes();
        return new Rejected(HttpStatus.UNPROCESSABLE_CONTENT, "This file (" + ByteSizes.format(size)
                + ") does not fit in your quota of " + ByteSizes.format(quota) + ": your files already use "
                + ByteSizes.format(usage.bytes()) + ", so " + ByteSizes.format(Math.max(0, quota - usage.bytes()))
                + " is left. Upload a smaller file.");
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Failed to read the uploaded file", ex);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing, although every Java platform must provide it", ex);
        }
    }
}
