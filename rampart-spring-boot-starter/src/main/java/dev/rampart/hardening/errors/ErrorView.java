package dev.rampart.hardening.errors;

import org.springframework.http.HttpStatus;

/**
 * What an error page shows: the status, a short title, a sentence that tells the user what to do, and the
 * request id to quote. It never contains an exception message, stack trace or SQL text.
 *
 * @param status the HTTP status
 * @param title a short title such as "Page not found"
 * @param advice a sentence for the user about what happened and what to do next
 * @param requestId the id of the failed request, also present in the logs
 */
public record ErrorView(int status, String title, String advice, String requestId) {

    /**
     * The request attribute that contains advice written for this particular failure, such as the time after
     * which to try again. Code that sends an error sets it before {@code sendError}, and the error page shows it
     * in place of the standard advice for the status.
     */
    public static final String ADVICE_ATTRIBUTE = ErrorView.class.getName() + ".advice";

    /** Builds the view for a status, with the standard wording for it. */
    public static ErrorView of(int status, String requestId) {
        return new ErrorView(status, title(status), advice(status), requestId);
    }

    /** Returns this view with other advice, keeping the status, title and request id. */
    public ErrorView withAdvice(String specificAdvice) {
        return new ErrorView(status, title, specificAdvice, requestId);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Access denied";
            case 404 -> "Page not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            case 507 -> "Storage full";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield status >= 500 || known == null ? "Something went wrong" : known.getReasonPhrase();
            }
        };
    }

    static String advice(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood. Check the address or the form and try again.";
            case 403 -> "You do not have permission for this page, or the form expired. "
                    + "Reload the page and try again, or sign in with an account that has access.";
            case 404 -> "There is nothing at this address. Check it for typing mistakes.";
            case 405 -> "This address does not accept that kind of request.";
            case 413 -> "The request or file is larger than the allowed size. Send a smaller one.";
            case 429 -> "Too many requests came from you in a short time. Wait a little and try again.";
            case 503 -> "The service is temporarily unavailable. Try again in a minute.";
            case 507 -> "The server has run out of storage space, so nothing was saved. "
                    + "Try again later, or send a smaller file.";
            default -> "The server failed to complete the request. Nothing you did caused this; "
                    + "try again later and quote the request id if you report it.";
        };
    }
}
