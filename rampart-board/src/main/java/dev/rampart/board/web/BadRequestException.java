package dev.rampart.board.web;

/**
 * Thrown when a request parameter is malformed in a way the user can fix, such as a page number that is not a
 * number. The message is written for the user and is shown on the 400 error page, so it must name the
 * parameter, what is allowed, and never echo internals.
 */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String advice) {
        super(advice);
    }
}
