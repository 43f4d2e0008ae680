package dev.rampart.hardening.ratelimit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Derives the bucket key of a request. Client keys and user keys carry different prefixes, so a username that
 * looks like an address never shares a bucket with that address.
 */
public final class RateLimitKeys {

    /** Hex digits, colons and dots only: a string that {@link InetAddress#getByName} parses without DNS. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private RateLimitKeys() {
    }

    /** Returns the key of the request for a policy of the given kind. */
    public static String key(HttpServletRequest request, RateLimitPolicy.KeyKind kind) {
        if (kind == RateLimitPolicy.KeyKind.USER) {
            String username = signedInUsername(request);
            if (username != null) {
                return "user " + username;
            }
        }
        return clientKey(request.getRemoteAddr());
    }

    /**
     * Returns the key of a client address. An IPv6 client is keyed by its /64 prefix, because a /64 is the
     * smallest network a subscriber is usually assigned, and one subscriber could otherwise rotate through 2^64
     * addresses, each with a fresh bucket. An IPv4-mapped IPv6 address is keyed as the IPv4 address. Anything
     * else is kept as it is.
     */
    public static String clientKey(String address) {
        if (address.indexOf(':') < 0) {
            return "client " + address;
        }
        InetAddress parsed = parseIpv6Literal(address);
        if (parsed instanceof Inet4Address ipv4) {
            return "client " + ipv4.getHostAddress();
        }
        if (parsed instanceof Inet6Address ipv6) {
            return "client " + prefix64(ipv6.getAddress());
        }
        return "client " + address;
    }

    /**
     * Returns the name of the user signed in on the request's session, or null. It reads the security context
     * that Spring Security saved in the session, so it needs no database call and works before Spring Security's
     * filters run. It never creates a session.
     *
     * <p>NOTE: Spring Session's filter runs after the rate limit filter, so with sessions on Redis this finds no
     * session and USER policies fall back to the client address.
     */
    static @Nullable String signedInUsername(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object attribute = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        if (!(attribute instanceof SecurityContext context)) {
            return null;
        }
        Authentication authentication = context.getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return authentication.getName();
    }

    /**
     * Parses an IPv6 literal, with or without brackets and zone id, or returns null. The character check comes
     * first because {@link InetAddress#getByName} would resolve a string that does not start with a hex digit or
     * a colon through DNS.
     */
    private static @Nullable InetAddress parseIpv6Literal(String address) {
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!IPV6_LITERAL.matcher(literal).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        }
        catch (UnknownHostException ex) {
            return null;
        }
    }

    private static String prefix64(byte[] address) {
        HexFormat hex = HexFormat.of();
        StringBuilder prefix = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            prefix.append(hex.toHexDigits(address[2 * group])).append(hex.toHexDigits(address[2 * group + 1]))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }
}
