package dev.rampart.hardening.ratelimit.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The key a client's failures are counted under: an IPv4 address as it is, an IPv6 address by its /64 network,
 * because one subscriber usually receives a whole /64 and could otherwise step to a fresh address per attempt.
 */
final class ClientKey {

    /** Characters of an IPv6 literal, optionally with an embedded IPv4 part; anything else is never parsed. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private ClientKey() {
    }

    static String of(@Nullable String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        String literal = withoutZoneAndBrackets(address);
        if (!IPV6_LITERAL.matcher(literal).matches()) {
            return address;
        }
        try {
            // Brackets make the JDK reject anything that is not an IPv6 literal instead of resolving it as a name.
            byte[] bytes = InetAddress.getByName("[" + literal + "]").getAddress();
            return bytes.length == 4 ? InetAddress.getByAddress(bytes).getHostAddress() : network64(bytes);
        }
        catch (UnknownHostException ex) {
            return address;
        }
    }

    private static String withoutZoneAndBrackets(String address) {
        String literal = address;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
    }

    private static String network64(byte[] bytes) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
        }
        return key.append(":/64").toString();
    }
}
