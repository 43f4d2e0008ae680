package dev.rampart.board.upload;

import org.springframework.http.HttpStatus;

/** The outcome of an upload: stored, or rejected with a status and a message for the file field. */
sealed interface UploadResult {

    record Stored(String id) implements UploadResult {
    }

    record Rejected(HttpStatus status, String message) implements UploadResult {
    }
}
