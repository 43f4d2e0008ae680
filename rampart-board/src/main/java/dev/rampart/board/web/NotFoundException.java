package dev.rampart.board.web;

/** Thrown when the requested post, file or account does not exist (or is not the caller's to see). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String resource) {
        super(resource + " not found");
    }
}
