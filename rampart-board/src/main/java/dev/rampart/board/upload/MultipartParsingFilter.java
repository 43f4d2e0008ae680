package dev.rampart.board.upload;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.util.WebUtils;

import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;

/**
 * Parses a multipart body before Spring Security's CSRF filter reads the token from it. A body over a limit
 * is rejected with 413, and one that cannot be parsed with 400. When the temporary upload folder is full the
 * response is 507, and when it cannot be written 503. Without this filter the CSRF filter's read
 * would fail inside Tomcat, where a file name containing NUL becomes a 500. Tomcat enforces the limits while
 * it reads the stream: {@code spring.servlet.multipart.max-file-size} and {@code max-request-size}, and
 * {@code server.tomcat.max-part-count} and {@code max-part-header-size}.
 */
class MultipartParsingFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(MultipartParsingFilter.class);

    private final MultipartResolver resolver;
    private final OrphanedPartFiles orphanedPartFiles;
    private final SecurityEvents events;

    MultipartParsingFilter(MultipartResolver resolver, OrphanedPartFiles orphanedPartFiles, SecurityEvents events) {
        this.resolver = resolver;
        this.orphanedPartFiles = orphanedPartFiles;
        this.events = events;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!resolver.isMultipart(request)) {
            chain.doFilter(request, response);
            return;
        }
        MultipartHttpServletRequest multipart;
        try {
            multipart = resolver.resolveMultipart(request);
        }
        catch (MaxUploadSizeExceededException ex) {
            reject(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "over the size or part limits",
                    ex);
            return;
        }
        catch (MultipartException ex) {
            failed(request, response, ex);
            return;
        }
        try {
            chain.doFilter(multipart, response);
        }
        finally {
            resolver.cleanupMultipart(multipart);
        }
    }

    /**
     * Tells a client that disconnected, a full or unwritable temporary upload folder and a malformed body apart,
     * after deleting any part file that Tomcat failed to delete.
     */
    private void failed(HttpServletRequest request, HttpServletResponse response, MultipartException ex)
            throws IOException {
        orphanedPartFiles.delete(request.getServletContext());
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            // Tomcat has closed the response, so no status can be sent, and a dropped connection is no attack.
            log.info("Upload abandoned because the client disconnected before the end of the request body");
            return;
        }
        Optional<UploadStorageFailure> storageFailure = UploadStorageFailure.ofTemporaryFile(ex);
        if (storageFailure.isPresent()) {
            // Keeps the error dispatch from parsing the body again, as in reject.
            request.setAttribute(WebUtils.ERROR_EXCEPTION_ATTRIBUTE, ex);
            storageFailure.get().send(request, response, ex);
            return;
        }
        reject(request, response, HttpServletResponse.SC_BAD_REQUEST, "malformed multipart body", ex);
    }

    /**
     * Records the rejection and sends the status to the error page. The failure is stored in the error
     * exception attribute, which makes the dispatcher servlet not to parse the body again for the error
     * dispatch, because that parse would fail too and leave the error page empty. The security context is not
     * loaded yet, so the event names no user.
     */
    private void reject(HttpServletRequest request, HttpServletResponse response, int status, String reason,
            MultipartException ex) throws IOException {
        log.debug("Rejected multipart request with {}: {}", status, reason, ex);
        events.record(SecurityEventType.UPLOAD_REJECTED, null, reason);
        request.setAttribute(WebUtils.ERROR_EXCEPTION_ATTRIBUTE, ex);
        response.sendError(status);
    }
}
