package dev.rampart.hardening.client;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The addresses of the reverse proxies whose forwarding headers are believed, parsed once at start-up from
 * {@code rampart.proxy.trusted-proxies}. Each entry is an exact IPv4 or IPv6 address or a CIDR range. Host
 * names are rejected rather than resolved, because a DNS server must not decide whom to trust.
 */
final class TrustedProxies {

    static final String PROPERTY = "rampart.proxy.trusted-proxies";

    private static final String EXAMPLE = " Write an IP address or a CIDR range, for example 10.0.0.5, 10.0.0.0/24 "
            + "or 2001:db8::/64.";

    private final List<Range> ranges;
    private final boolean trustAll;

    private TrustedProxies(List<Range> ranges, boolean trustAll) {
        this.ranges = List.copyOf(ranges);
        this.trustAll = trustAll;
    }

    /**
     * Parses the entries of the property.
     *
     * @throws InvalidConfigurationPropertyValueException naming the property, the invalid entry and an example
     */
    static TrustedProxies parse(List<String> entries, boolean trustAll) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(parseEntry(entry.strip()));
        }
        return new TrustedProxies(ranges, trustAll);
    }

    /** Returns whether any proxy is trusted, so that forwarding headers can matter at all. */
    boolean isEmpty() {
        return ranges.isEmpty() && !trustAll;
    }

    /** Returns whether the address (4 or 16 bytes, IPv4-mapped addresses already unmapped) is a trusted proxy. */
    boolean contains(byte[] address) {
        if (trustAll) {
            return true;
        }
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Range parseEntry(String entry) {
        int slash = entry.indexOf('/');
        String addressText = slash < 0 ? entry : entry.substring(0, slash);
        byte[] written = IpAddressLiteral.parse(addressText);
        if (written == null) {
            throw invalid(entry, "'" + addressText + "' is not an IP address literal (host names, ports and "
                    + "brackets are not accepted).");
        }
        byte[] address = IpAddressLiteral.unmap(written);
        int bits = address.length * 8;
        if (slash < 0) {
            return new Range(address, bits);
        }
        int prefix = parsePrefix(entry, entry.substring(slash + 1), written.length * 8);
        if (address.length != written.length) {
            // An IPv4-mapped range such as ::ffff:10.0.0.0/104 is the IPv4 range 10.0.0.0/8.
            if (prefix < 96) {
                throw invalid(entry, "an IPv4-mapped range needs a prefix of at least 96 bits.");
            }
            prefix -= 96;
        }
        Range range = new Range(address, prefix);
        if (!range.hostBitsAreZero()) {
            throw invalid(entry, "the address has bits set beyond the /" + prefix + " prefix, so it is unclear "
                    + "whether one host or the whole range is meant.");
        }
        return range;
    }

    private static int parsePrefix(String entry, String prefixText, int bits) {
        if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)
                || (prefixText.length() > 1 && prefixText.charAt(0) == '0')) {
            throw invalid(entry, "the prefix length '" + prefixText + "' is not a number from 1 to " + bits + ".");
        }
        int prefix = Integer.parseInt(prefixText);
        if (prefix == 0) {
            throw invalid(entry, "a /0 range trusts every address, so any client could choose its own address. "
                    + "List only your proxies.");
        }
        if (prefix > bits) {
            throw invalid(entry, "the prefix length " + prefix + " is larger than " + bits + ".");
        }
        return prefix;
    }

    private static InvalidConfigurationPropertyValueException invalid(String entry, String reason) {
        return new InvalidConfigurationPropertyValueException(PROPERTY, entry, reason + EXAMPLE);
    }

    /** A network address and its prefix length in bits; an exact address is a range of the full length. */
    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefix % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - remainingBits)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        boolean hostBitsAreZero() {
            for (int bit = prefix; bit < network.length * 8; bit++) {
                if ((network[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
