package dev.rampart.hardening.audit;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers 400 when Spring Security's firewall rejects a request (path parameters, encoded slashes, double
 * slashes, traversal), and records it, instead of letting the exception become a 500.
 */
public class RecordingRequestRejectedHandler implements RequestRejectedHandler {

    private final SecurityEvents events;

    public RecordingRequestRejectedHandler(SecurityEvents events) {
        this.events = events;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        // The firewall's message quotes the offending URL; the sanitizer keeps it from forging log lines.
        events.record(SecurityEventType.REQUEST_REJECTED, null, rejected.getMessage());
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
    }
}
