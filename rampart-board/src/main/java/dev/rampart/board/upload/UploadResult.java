package dev.rampart.board.upload;

import org.springframework.http.HttpStatus;

/** The outcome of an upload: stored, or rejected with a status and a message for the file field. */
sealed interface UploadResult {

    /** A stored file, by this upload or by an earlier submission of the same form, and where to go next. */
    record Stored(String id, String location) implements UploadResult {
    }

    record Rejected(HttpStatus status, String message) implements UploadResult {
    }
}
