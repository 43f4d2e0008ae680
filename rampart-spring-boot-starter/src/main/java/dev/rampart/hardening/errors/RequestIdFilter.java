package dev.rampart.hardening.errors;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

/**
 * Gives each request a random id, sent back in {@code X-Request-Id} and added to every log line of the request
 * as {@code request.id}, so a user can quote the id from an error page and an operator can find the log lines.
 * An id sent by the client is ignored, because it could be used to forge or confuse log correlation.
 */
public class RequestIdFilter extends HttpFilter {

    /** The request attribute and MDC key that hold the id. */
    public static final String ATTRIBUTE = "request.id";

    public static final String HEADER = "X-Request-Id";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String existing = (String) request.getAttribute(ATTRIBUTE);
        String requestId = existing != null ? existing : newRequestId();
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        // A forward or include runs this filter again inside the outer dispatch, which must keep its id afterwards.
        String outerId = MDC.get(ATTRIBUTE);
        MDC.put(ATTRIBUTE, requestId);
        try {
            chain.doFilter(request, response);
        }
        finally {
            if (outerId == null) {
                MDC.remove(ATTRIBUTE);
            }
            else {
                MDC.put(ATTRIBUTE, outerId);
            }
        }
    }

    /** Returns the id of the given request, or {@code "none"} outside a request that passed this filter. */
    public static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id instanceof String text ? text : "none";
    }

    /**
     * Returns 64 random bits in hex. The id only correlates log lines and grants nothing, so it needs no
     * cryptographic generator, and a per-thread one avoids the lock that a shared SecureRandom takes per call.
     */
    private static String newRequestId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
