package dev.rampart.board.web;

/**
 * Thrown when a query parameter is malformed or out of range, such as {@code ?page=abc}. The message goes to the
 * debug log only and must not quote the rejected value. The client sees the plain 400 page.
 */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
