package dev.rampart.hardening.client;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.jspecify.annotations.Nullable;

/**
 * A request whose remote address is the resolved client, and whose scheme is the one a trusted proxy reported
 * in {@code X-Forwarded-Proto}, if any.
 */
final class ClientAddressRequest extends HttpServletRequestWrapper {

    private final String clientAddress;
    private final @Nullable String forwardedScheme;

    ClientAddressRequest(HttpServletRequest request, String clientAddress, @Nullable String forwardedScheme) {
        super(request);
        this.clientAddress = clientAddress;
        this.forwardedScheme = forwardedScheme;
    }

    @Override
    public String getRemoteAddr() {
        return clientAddress;
    }

    /** Returns the address itself: a reverse DNS lookup would cost a round trip and its answer is the client's. */
    @Override
    public String getRemoteHost() {
        return clientAddress;
    }

    @Override
    public String getScheme() {
        return forwardedScheme != null ? forwardedScheme : super.getScheme();
    }

    @Override
    public boolean isSecure() {
        return forwardedScheme != null ? "https".equals(forwardedScheme) : super.isSecure();
    }

    /**
     * Returns the port of the Host header. A proxy that forwards the host without a port makes the container report
     * the default port of the hop's own scheme (80), while the browser used the default port of the forwarded
     * scheme (443). {@code X-Forwarded-Port} is ignored: relative redirects need no port, and believing one more
     * header would only give a misconfigured proxy another way to build wrong absolute URLs.
     */
    @Override
    public int getServerPort() {
        int port = super.getServerPort();
        if (forwardedScheme == null || forwardedScheme.equals(super.getScheme())
                || port != defaultPort(super.getScheme())) {
            return port;
        }
        return defaultPort(forwardedScheme);
    }

    @Override
    public StringBuffer getRequestURL() {
        StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
        int port = getServerPort();
        if (port != defaultPort(getScheme())) {
            url.append(':').append(port);
        }
        return url.append(getRequestURI());
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
