package dev.rampart.board.upload;

import java.util.List;

import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

/**
 * Decides a file's type from its bytes alone with Apache Tika's magic-number detection, and checks it against
 * the allow-list. The type and name the client declared are never consulted, because the sender chooses both.
 * An HTML page declared as {@code image/png} and named {@code x.png} is still HTML.
 */
@Component
class ContentTypeDetector {

    /**
     * Types that a browser never runs as a page of the board. SVG, HTML and XML are absent because they can
     * carry script that would run as a page, and archives and executables because the board is not a software
     * mirror.
     */
    static final List<String> ALLOWED = List.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "text/plain");

    private final Tika tika = new Tika();

    /** Returns the detected media type without parameters, {@code application/octet-stream} when unknown. */
    String detect(byte[] content) {
        String detected = tika.detect(content);
        int parameters = detected.indexOf(';');
        return parameters < 0 ? detected : detected.substring(0, parameters).strip();
    }

    static boolean isAllowed(String contentType) {
        return ALLOWED.contains(contentType);
    }
}
