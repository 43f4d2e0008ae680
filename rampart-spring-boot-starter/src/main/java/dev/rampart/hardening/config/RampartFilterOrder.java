package dev.rampart.hardening.config;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;

/**
 * Positions of the starter's servlet filters. Everything that rejects cheap requests sits before Spring
 * Security, so a rejected request never costs a session lookup, a password hash or a database call.
 */
public final class RampartFilterOrder {

    /** First: every log line of the request, including rejections, carries the request id. */
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

    /**
     * Second: the client's address from the socket and the trusted proxies only. It comes before the headers
     * because HSTS depends on the scheme a trusted proxy reports, and it never sends a response itself.
     */
    public static final int CLIENT_ADDRESS = REQUEST_ID + 10;

    /** Third: headers are written before any filter can send a response. */
    public static final int SECURITY_HEADERS = CLIENT_ADDRESS + 10;

    /** Reserved for rate limits: after the client address is known, before any expensive work. */
    public static final int RATE_LIMIT = SECURITY_HEADERS + 10;

    /** Right after the token buckets: the cap on requests one client has in progress at once. */
    public static final int CONCURRENT_REQUEST_LIMIT = RATE_LIMIT + 5;

    /** Expired sessions are dropped before Spring Security loads the security context from them. */
    public static final int SESSION_TIMEOUT = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10;

    private RampartFilterOrder() {
    }
}
