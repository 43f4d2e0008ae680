package dev.rampart.hardening.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written parser agrees with the JDK on literals and never accepts anything else. */
class IpAddressLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "203.0.113.9", "::", "::1", "1::",
        "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "ff01::101", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "::ffff:192.0.2.1", "::192.0.2.1", "fe80::1:2"})
    void literalParsesLikeTheJdk(String literal) throws UnknownHostException {
        byte[] parsed = IpAddressLiteral.parse(literal);

        assertThat(parsed).isNotNull();
        byte[] expected = InetAddress.getByName(literal).getAddress();
        assertThat(IpAddressLiteral.unmap(parsed)).isEqualTo(expected);
        assertThat(IpAddressLiteral.format(IpAddressLiteral.unmap(parsed)))
                .isEqualTo(InetAddress.getByName(literal).getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "01.2.3.4", "1.2.3.04",
        "256.1.1.1", "1.2.3.1000", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.4:80", "localhost", ":", ":1",
        "1:", ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1.2.3",
        "1:2:3:4:5:6:7:1.2.3.4", "[::1]", "::1%lo", "g::1", "::ffff:1.2.3.4:80", "1.2.3.4/24", "+1.2.3.4"})
    void nonLiteralIsRejected(String text) {
        assertThat(IpAddressLiteral.parse(text)).isNull();
    }
}
