package dev.rampart.hardening.client;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the request's remote address with the client address from {@link ClientAddressResolver}, for every
 * filter and handler after this one: security headers, rate limits, Spring Security and security events.
 *
 * <p>Only when the socket peer is a trusted proxy, {@code X-Forwarded-Proto} ({@code https} or {@code http})
 * also sets the scheme, so that HSTS is sent and {@code isSecure()} holds when the proxy terminated TLS. From
 * any other peer the header is ignored, so a client on plain HTTP cannot claim HTTPS. {@code X-Forwarded-Host}
 * is never read, because the host name decides nothing here that the proxy's {@code Host} header does not.
 */
public class ClientAddressFilter extends HttpFilter {

    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    private final ClientAddressResolver resolver;

    public ClientAddressFilter(ClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isResolved(request)) {
            // A forward or include inside an already resolved request; resolving again would change nothing.
            chain.doFilter(request, response);
            return;
        }
        String peer = request.getRemoteAddr();
        if (!resolver.isTrustedProxy(peer)) {
            chain.doFilter(new ClientAddressRequest(request, peer, null), response);
            return;
        }
        List<String> forwardedFor = Collections.list(request.getHeaders(ClientAddressResolver.X_FORWARDED_FOR));
        String client = resolver.resolve(peer, forwardedFor);
        chain.doFilter(new ClientAddressRequest(request, client, forwardedScheme(request)), response);
    }

    private static boolean isResolved(HttpServletRequest request) {
        return request instanceof ClientAddressRequest
                || request instanceof ServletRequestWrapper wrapper && wrapper.isWrapperFor(ClientAddressRequest.class);
    }

    /**
     * Returns the scheme the trusted proxy reported, or null when it sent none that is known. Of several values the
     * last one counts, because the nearest proxy appends or sets it.
     */
    private static @Nullable String forwardedScheme(HttpServletRequest request) {
        List<String> lines = Collections.list(request.getHeaders(X_FORWARDED_PROTO));
        if (lines.isEmpty()) {
            return null;
        }
        String last = lines.getLast();
        String scheme = last.substring(last.lastIndexOf(',') + 1).strip();
        if ("https".equalsIgnoreCase(scheme)) {
            return "https";
        }
        if ("http".equalsIgnoreCase(scheme)) {
            return "http";
        }
        return null;
    }
}
