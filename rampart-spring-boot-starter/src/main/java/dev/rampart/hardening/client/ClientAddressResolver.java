package dev.rampart.hardening.client;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the client address of a request from the socket peer and the {@code X-Forwarded-For} header.
 *
 * <p>The socket peer's address is the client unless the peer is a trusted proxy. Then the header is read from
 * the right, all of its lines in order and each comma-separated. Every trusted proxy appends the address it
 * received the request from, so the rightmost entry that is not a trusted proxy is the client. Entries to its
 * left were written by the client and are never believed.
 *
 * <p>An entry that is not a bare IP address (a port, brackets, {@code unknown}, a host name, an empty entry)
 * stops the walk, and the last trusted hop reached is returned: no trusted proxy writes such an entry, so
 * nothing at or left of it can be vouched for, and the nearest trusted proxy's own view of the request is the
 * best address known. This groups such requests under that proxy's address, which a client cannot choose.
 *
 * <p>With no trusted proxies, forwarding headers are never read. The {@code Forwarded} header (RFC 7239) is
 * never read at all, so a client cannot use it to bypass these rules.
 */
public final class ClientAddressResolver {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private static final Logger log = LoggerFactory.getLogger(ClientAddressResolver.class);

    private final TrustedProxies trustedProxies;

    /**
     * Parses the trusted proxies of the properties.
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException when
     *     an entry of {@code rampart.proxy.trusted-proxies} is not an IP address or CIDR range
     */
    public ClientAddressResolver(ProxyProperties properties) {
        this.trustedProxies = TrustedProxies.parse(properties.trustedProxies(), properties.unsafeTrustAllProxies());
    }

    /** Returns whether any proxy is trusted; when none is, the client is always the socket peer. */
    public boolean trustsAnyProxy() {
        return !trustedProxies.isEmpty();
    }

    /** Returns whether the socket peer is a trusted proxy, whose forwarding headers are believed. */
    public boolean isTrustedProxy(String peerAddress) {
        if (trustedProxies.isEmpty()) {
            return false;
        }
        byte[] peer = IpAddressLiteral.parse(peerAddress);
        return peer != null && trustedProxies.contains(IpAddressLiteral.unmap(peer));
    }

    /**
     * Returns the client address of a request.
     *
     * @param peerAddress the socket peer's address, as the servlet container reports it
     * @param forwardedFor the values of every {@code X-Forwarded-For} header line, in the order received
     */
    public String resolve(String peerAddress, List<String> forwardedFor) {
        if (!isTrustedProxy(peerAddress)) {
            return peerAddress;
        }
        return walkFromRight(peerAddress, forwardedFor);
    }

    private String walkFromRight(String peerAddress, List<String> forwardedFor) {
        // Trusted hops are formatted only if one of them becomes the result.
        byte @Nullable [] lastTrusted = null;
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String value = forwardedFor.get(line);
            int end = value.length();
            while (true) {
                int comma = value.lastIndexOf(',', end - 1);
                byte[] hop = parseEntry(value, comma + 1, end);
                if (hop == null) {
                    String proxy = lastTrusted == null ? peerAddress : IpAddressLiteral.format(lastTrusted);
                    log.debug("X-Forwarded-For has an entry that is not an IP address; using trusted proxy {}", proxy);
                    return proxy;
                }
                if (!trustedProxies.contains(hop)) {
                    return IpAddressLiteral.format(hop);
                }
                lastTrusted = hop;
                if (comma < 0) {
                    break;
                }
                end = comma;
            }
        }
        return lastTrusted == null ? peerAddress : IpAddressLiteral.format(lastTrusted);
    }

    /** Parses one entry without the optional whitespace around it that HTTP allows beside commas. */
    private static byte @Nullable [] parseEntry(String value, int start, int end) {
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        byte[] address = IpAddressLiteral.parse(value, start, end);
        return address == null ? null : IpAddressLiteral.unmap(address);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
