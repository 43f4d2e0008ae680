package dev.rampart.hardening.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Tables of peers, trusted proxies and forged or malformed X-Forwarded-For values. */
class ClientAddressResolverTest {

    private static final List<String> PROXIES = List.of("10.0.0.5", "10.1.0.0/16", "2001:db8:1::7",
            "2001:db8:2::/48");

    static Stream<Arguments> withoutProxiesPeerIsClient() {
        return Stream.of(
                Arguments.of("192.0.2.10", List.of()),
                Arguments.of("192.0.2.10", List.of("203.0.113.9")),
                Arguments.of("192.0.2.10", List.of("203.0.113.9, 198.51.100.1")),
                Arguments.of("127.0.0.1", List.of("127.0.0.2", "10.0.0.5")),
                Arguments.of("0:0:0:0:0:0:0:1", List.of("2001:db8::99")));
    }

    @ParameterizedTest
    @MethodSource
    void withoutProxiesPeerIsClient(String peer, List<String> forwardedFor) {
        ClientAddressResolver resolver = resolver(List.of());

        assertThat(resolver.trustsAnyProxy()).isFalse();
        assertThat(resolver.isTrustedProxy(peer)).isFalse();
        assertThat(resolver.resolve(peer, forwardedFor)).isEqualTo(peer);
    }

    static Stream<Arguments> rightmostUntrustedEntryIsClient() {
        return Stream.of(
                // exact IPv4 proxy, forged entry to the left of the one the proxy appended
                Arguments.of("10.0.0.5", List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("10.0.0.5", List.of("198.51.100.66, 203.0.113.9"), "203.0.113.9"),
                // CIDR proxy
                Arguments.of("10.1.200.3", List.of("203.0.113.9"), "203.0.113.9"),
                // a chain of trusted proxies: skip each of them from the right
                Arguments.of("10.0.0.5", List.of("198.51.100.66, 203.0.113.9, 10.1.0.8, 10.1.255.255"),
                        "203.0.113.9"),
                // several header lines count as one comma-separated list in order
                Arguments.of("10.0.0.5", List.of("198.51.100.66", "203.0.113.9, 10.1.4.4"), "203.0.113.9"),
                Arguments.of("10.0.0.5", List.of("198.51.100.66, 203.0.113.9", "10.1.4.4", "10.0.0.5"),
                        "203.0.113.9"),
                // a trusted-looking entry left of an untrusted one is still the client's invention
                Arguments.of("10.0.0.5", List.of("10.0.0.5, 203.0.113.9"), "203.0.113.9"),
                // optional whitespace beside commas
                Arguments.of("10.0.0.5", List.of("  198.51.100.66 ,\t203.0.113.9\t"), "203.0.113.9"),
                // exact and CIDR IPv6 proxies, output in the container's form
                Arguments.of("2001:db8:1:0:0:0:0:7", List.of("2001:db8:ffff::1"), "2001:db8:ffff:0:0:0:0:1"),
                Arguments.of("2001:db8:2:abcd::1", List.of("2001:DB8:FFFF::1, 2001:db8:2::5"),
                        "2001:db8:ffff:0:0:0:0:1"),
                // IPv4 behind an IPv6 proxy and the other way round
                Arguments.of("2001:db8:1::7", List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("10.0.0.5", List.of("2001:db8:ffff::1"), "2001:db8:ffff:0:0:0:0:1"),
                // IPv4-mapped IPv6 is the IPv4 address, for the peer, the entries and the trusted ranges
                Arguments.of("0:0:0:0:0:ffff:a00:5", List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("10.0.0.5", List.of("::ffff:203.0.113.9"), "203.0.113.9"),
                Arguments.of("10.0.0.5", List.of("203.0.113.9, ::ffff:10.1.2.3"), "203.0.113.9"),
                // every entry is a trusted proxy: the leftmost one is the client
                Arguments.of("10.0.0.5", List.of("10.1.0.1, 10.1.0.2"), "10.1.0.1"),
                // no header: the trusted proxy itself made the request
                Arguments.of("10.0.0.5", List.of(), "10.0.0.5"));
    }

    @ParameterizedTest
    @MethodSource
    void rightmostUntrustedEntryIsClient(String peer, List<String> forwardedFor, String client) {
        ClientAddressResolver resolver = resolver(PROXIES);

        assertThat(resolver.isTrustedProxy(peer)).isTrue();
        assertThat(resolver.resolve(peer, forwardedFor)).isEqualTo(client);
    }

    static Stream<Arguments> malformedEntryStopsAtLastTrustedHop() {
        return Stream.of(
                Arguments.of(List.of("203.0.113.9:4711"), "10.0.0.5"),
                Arguments.of(List.of("[2001:db8::1]"), "10.0.0.5"),
                Arguments.of(List.of("[2001:db8::1]:443"), "10.0.0.5"),
                Arguments.of(List.of("unknown"), "10.0.0.5"),
                Arguments.of(List.of("client.example"), "10.0.0.5"),
                Arguments.of(List.of("_hidden"), "10.0.0.5"),
                Arguments.of(List.of(""), "10.0.0.5"),
                Arguments.of(List.of(" "), "10.0.0.5"),
                Arguments.of(List.of("203.0.113.9,"), "10.0.0.5"),
                Arguments.of(List.of("203.0.113.9,,10.1.0.1"), "10.1.0.1"),
                Arguments.of(List.of("203.0.113.9, garbage, 10.1.0.1, 10.1.0.2"), "10.1.0.1"),
                Arguments.of(List.of("203.0.113.9", "", "10.1.0.1"), "10.1.0.1"),
                Arguments.of(List.of("203.0.113.009"), "10.0.0.5"),
                Arguments.of(List.of("203.0.113"), "10.0.0.5"),
                Arguments.of(List.of("203.0.113.256"), "10.0.0.5"),
                Arguments.of(List.of("203.0.113.9.1"), "10.0.0.5"),
                Arguments.of(List.of("0x7f.0.0.1"), "10.0.0.5"),
                Arguments.of(List.of("2130706433"), "10.0.0.5"),
                Arguments.of(List.of("fe80::1%eth0"), "10.0.0.5"),
                Arguments.of(List.of("2001:db8::1::2"), "10.0.0.5"),
                Arguments.of(List.of("2001:db8:0:0:0:0:0:0:1"), "10.0.0.5"),
                Arguments.of(List.of("2001:db8:12345::1"), "10.0.0.5"),
                Arguments.of(List.of("2001:db8:"), "10.0.0.5"),
                Arguments.of(List.of(":::"), "10.0.0.5"),
                Arguments.of(List.of("203.0.113.9\u0000"), "10.0.0.5"),
                Arguments.of(List.of("203.0.113.9 198.51.100.1"), "10.0.0.5"),
                Arguments.of(List.of("for=203.0.113.9"), "10.0.0.5"));
    }

    @ParameterizedTest
    @MethodSource
    void malformedEntryStopsAtLastTrustedHop(List<String> forwardedFor, String client) {
        ClientAddressResolver resolver = resolver(PROXIES);

        assertThat(resolver.resolve("10.0.0.5", forwardedFor)).isEqualTo(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.4", "10.0.0.6", "10.2.0.1", "192.0.2.1", "2001:db8:1::8", "2001:db8:3::1",
        "0:0:0:0:0:0:0:1", "::ffff:10.2.0.1", "not-an-address", ""})
    void untrustedPeerIsClientWhateverTheHeader(String peer) {
        ClientAddressResolver resolver = resolver(PROXIES);

        assertThat(resolver.isTrustedProxy(peer)).isFalse();
        assertThat(resolver.resolve(peer, List.of("203.0.113.9"))).isEqualTo(peer);
    }

    @Test
    void trustAllBelievesEveryPeer() {
        ClientAddressResolver resolver = new ClientAddressResolver(new ProxyProperties(List.of(), true));

        assertThat(resolver.trustsAnyProxy()).isTrue();
        assertThat(resolver.isTrustedProxy("192.0.2.10")).isTrue();
        assertThat(resolver.resolve("192.0.2.10", List.of("203.0.113.9, 198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    static Stream<Arguments> validProxyEntries() {
        return Stream.of(
                Arguments.of(" 10.0.0.5 ", "10.0.0.5", "10.0.0.6"),
                Arguments.of("10.0.0.0/8", "10.255.1.2", "11.0.0.1"),
                Arguments.of("192.168.4.0/22", "192.168.7.255", "192.168.8.0"),
                Arguments.of("10.0.0.5/32", "10.0.0.5", "10.0.0.4"),
                Arguments.of("2001:db8::/32", "2001:db8:ffff::1", "2001:db9::1"),
                Arguments.of("2001:db8::/127", "2001:db8::1", "2001:db8::2"),
                Arguments.of("::1", "0:0:0:0:0:0:0:1", "::2"),
                Arguments.of("::ffff:10.0.0.0/104", "10.9.9.9", "11.0.0.1"),
                Arguments.of("::ffff:10.0.0.5", "10.0.0.5", "10.0.0.6"),
                Arguments.of("10.0.0.5", "::ffff:10.0.0.5", "::ffff:10.0.0.6"));
    }

    @ParameterizedTest
    @MethodSource("validProxyEntries")
    void proxyEntryMatchesItsRangeOnly(String entry, String inside, String outside) {
        ClientAddressResolver resolver = resolver(List.of(entry));

        assertThat(resolver.isTrustedProxy(inside)).isTrue();
        assertThat(resolver.isTrustedProxy(outside)).isFalse();
    }

    static Stream<Arguments> invalidProxyEntries() {
        return Stream.of(
                Arguments.of("proxy.internal", "is not an IP address literal"),
                Arguments.of("localhost", "is not an IP address literal"),
                Arguments.of("10.0.0.5:8080", "is not an IP address literal"),
                Arguments.of("[2001:db8::1]", "is not an IP address literal"),
                Arguments.of("", "is not an IP address literal"),
                Arguments.of("10.0.0.256", "is not an IP address literal"),
                Arguments.of("10.0.0.0/", "is not a number from 1 to 32"),
                Arguments.of("10.0.0.0/x", "is not a number from 1 to 32"),
                Arguments.of("10.0.0.0/08", "is not a number from 1 to 32"),
                Arguments.of("10.0.0.0/33", "is larger than 32"),
                Arguments.of("2001:db8::/129", "is larger than 128"),
                Arguments.of("0.0.0.0/0", "trusts every address"),
                Arguments.of("::/0", "trusts every address"),
                Arguments.of("10.0.0.5/24", "has bits set beyond the /24 prefix"),
                Arguments.of("::ffff:10.0.0.0/64", "needs a prefix of at least 96 bits"));
    }

    @ParameterizedTest
    @MethodSource("invalidProxyEntries")
    void invalidProxyEntryNamesPropertyEntryAndExample(String entry, String reason) {
        var failure = catchThrowableOfType(InvalidConfigurationPropertyValueException.class,
                () -> resolver(List.of("10.0.0.1", entry)));

        assertThat(failure.getName()).isEqualTo("rampart.proxy.trusted-proxies");
        assertThat(failure.getValue()).isEqualTo(entry.strip());
        assertThat(failure.getReason()).contains(reason);
        assertThat(failure.getReason()).contains("for example 10.0.0.5, 10.0.0.0/24 or 2001:db8::/64");
    }

    private static ClientAddressResolver resolver(List<String> trustedProxies) {
        return new ClientAddressResolver(new ProxyProperties(trustedProxies, false));
    }
}
