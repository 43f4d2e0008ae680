package dev.rampart.board.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Maps the board's typed exceptions to statuses in one place; the container then renders the error page
 * or problem details for that status.
 */
@ControllerAdvice
class ErrorStatusAdvice {

    private static final Logger log = LoggerFactory.getLogger(ErrorStatusAdvice.class);

    @ExceptionHandler(NotFoundException.class)
    void notFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    @ExceptionHandler(BadRequestException.class)
    void badRequest(BadRequestException ex, HttpServletResponse response) throws IOException {
        log.debug("Rejected a request parameter: {}", ex.getMessage());
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
    }
}
