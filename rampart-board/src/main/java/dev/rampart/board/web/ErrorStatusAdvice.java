package dev.rampart.board.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.hardening.errors.ErrorView;
import dev.rampart.hardening.errors.RequestIdFilter;
import dev.rampart.hardening.ratelimit.login.PasswordHashingUnavailableException;

/**
 * Maps the board's typed exceptions to statuses in one place. Most are passed to the container, which then
 * renders the error page or problem details for that status.
 */
@ControllerAdvice
class ErrorStatusAdvice {

    private static final Logger log = LoggerFactory.getLogger(ErrorStatusAdvice.class);

    private final PageContextAdvice pageContexts;

    ErrorStatusAdvice(PageContextAdvice pageContexts) {
        this.pageContexts = pageContexts;
    }

    @ExceptionHandler(NotFoundException.class)
    void notFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    /** A registration whose password hash the saturated hashing pool rejected; nothing was stored. */
    @ExceptionHandler(PasswordHashingUnavailableException.class)
    void passwordHashingUnavailable(PasswordHashingUnavailableException rejected, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        log.debug("Password hashing unavailable: {}", rejected.getMessage());
        request.setAttribute(ErrorView.ADVICE_ATTRIBUTE, "The server is too busy checking passwords, so nothing "
                + "was saved. Try again in a second.");
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    /**
     * Renders the error page with the exception's advice instead of the generic 400 text, so the user learns
     * which parameter to fix. Model attribute methods do not run for exception handlers, so the page context
     * is built here.
     */
    @ExceptionHandler(BadRequestException.class)
    ModelAndView badRequest(BadRequestException rejected, HttpServletRequest request) {
        log.debug("Bad request to {}: {}", request.getRequestURI(), rejected.getMessage());
        ErrorView error = new ErrorView(HttpStatus.BAD_REQUEST.value(), "Bad request", rejected.getMessage(),
                RequestIdFilter.requestId(request));
        ModelAndView page = new ModelAndView("error",
                Map.of("error", error, "page", pageContexts.pageContext(request)));
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }
}
