package dev.rampart.board.upload;

/** Thrown when the database could not store an upload because of its storage; nothing was saved. */
class UploadStorageException extends RuntimeException {

    private final UploadStorageFailure failure;

    UploadStorageException(UploadStorageFailure failure, Throwable cause) {
        super("The " + failure.storage() + " could not store the upload: " + failure.error(), cause);
        this.failure = failure;
    }

    UploadStorageFailure failure() {
        return failure;
    }
}
