package dev.rampart.hardening.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Parses IPv4 and IPv6 address literals by hand. {@link InetAddress#getByName} would resolve anything that is
 * not a literal through DNS, which a client could trigger at will through a forwarding header; this parser never
 * resolves, allocates only the result and accepts nothing but a bare address: no port, brackets, zone id,
 * host name or surrounding whitespace. IPv4 parts with a leading zero are rejected because some parsers read
 * them as octal.
 */
final class IpAddressLiteral {

    private static final int MAX_IPV6_LENGTH = 45;

    private IpAddressLiteral() {
    }

    /**
     * Returns the 4 or 16 bytes of the address between {@code start} and {@code end}, or null when that text is
     * not an address literal. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) stays 16 bytes long.
     */
    static byte @Nullable [] parse(String text, int start, int end) {
        if (start >= end) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == ':') {
                return parseIpv6(text, start, end);
            }
        }
        byte[] address = new byte[4];
        return parseIpv4(text, start, end, address, 0) ? address : null;
    }

    static byte @Nullable [] parse(String text) {
        return parse(text, 0, text.length());
    }

    /**
     * Returns the address with an IPv4-mapped IPv6 address turned into its 4-byte IPv4 form, so that a client
     * reaching a dual-stack socket matches the same trusted ranges and rate-limit keys as over IPv4.
     */
    static byte[] unmap(byte[] address) {
        if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    static boolean isMapped(byte[] address) {
        return address.length == 16 && unmap(address) != address;
    }

    /** Formats the address the way the servlet container formats a socket address ({@code 0:0:0:0:0:0:0:1}). */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        try {
            // Given raw bytes, InetAddress performs no lookup.
            return InetAddress.getByAddress(address).getHostAddress();
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException("An IP address has 4 or 16 bytes, not " + address.length, ex);
        }
    }

    private static boolean parseIpv4(String text, int start, int end, byte[] into, int offset) {
        int part = 0;
        int i = start;
        while (part < 4) {
            int partStart = i;
            int value = 0;
            while (i < end && i - partStart < 3 && isDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - partStart;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(partStart) == '0')) {
                return false;
            }
            into[offset + part] = (byte) value;
            part++;
            if (part < 4) {
                if (i >= end || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == end;
    }

    private static byte @Nullable [] parseIpv6(String text, int start, int end) {
        if (end - start < 2 || end - start > MAX_IPV6_LENGTH) {
            return null;
        }
        byte[] address = new byte[16];
        int groups = 0;
        int compressedAt = -1;
        int i = start;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return null;
            }
            compressedAt = 0;
            i += 2;
        }
        while (i < end) {
            if (groups == 8) {
                return null;
            }
            int groupStart = i;
            int value = 0;
            while (i < end && hexValue(text.charAt(i)) >= 0) {
                if (i - groupStart == 4) {
                    return null;
                }
                value = value * 16 + hexValue(text.charAt(i));
                i++;
            }
            if (i < end && text.charAt(i) == '.') {
                // An IPv4 address may stand in the last 32 bits.
                if (groups > 6 || !parseIpv4(text, groupStart, end, address, groups * 2)) {
                    return null;
                }
                groups += 2;
                break;
            }
            if (i == groupStart) {
                return null;
            }
            address[groups * 2] = (byte) (value >> 8);
            address[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == end) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i == end) {
                return null;
            }
            if (text.charAt(i) == ':') {
                if (compressedAt >= 0) {
                    return null;
                }
                compressedAt = groups;
                i++;
            }
        }
        return expand(address, groups, compressedAt);
    }

    /** Moves the groups after {@code ::} to the end, so that {@code ::} stands for at least one zero group. */
    private static byte @Nullable [] expand(byte[] address, int groups, int compressedAt) {
        if (compressedAt < 0) {
            return groups == 8 ? address : null;
        }
        if (groups == 8) {
            return null;
        }
        int tailBytes = (groups - compressedAt) * 2;
        System.arraycopy(address, compressedAt * 2, address, 16 - tailBytes, tailBytes);
        Arrays.fill(address, compressedAt * 2, 16 - tailBytes, (byte) 0);
        return address;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
