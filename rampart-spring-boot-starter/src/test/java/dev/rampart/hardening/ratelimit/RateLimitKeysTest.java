package dev.rampart.hardening.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client keys: IPv6 addresses share a bucket per /64, and nothing is ever resolved through DNS. */
class RateLimitKeysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.1                               | client 192.0.2.1
            2001:db8:1:2:3:4:5:6                    | client 2001:0db8:0001:0002::/64
            2001:db8:1:2:ffff:ffff:ffff:ffff        | client 2001:0db8:0001:0002::/64
            2001:DB8:1:2::1                         | client 2001:0db8:0001:0002::/64
            [2001:db8:1:2::1]                       | client 2001:0db8:0001:0002::/64
            fe80::1%eth0                            | client fe80:0000:0000:0000::/64
            ::ffff:192.0.2.1                        | client 192.0.2.1
            ::1                                     | client 0000:0000:0000:0000::/64
            2001:db8:1:3::1                         | client 2001:0db8:0001:0003::/64
            attacker.example:80                     | client attacker.example:80
            2001:db8::zz                            | client 2001:db8::zz
            """)
    void clientKey(String address, String expected) {
        assertThat(RateLimitKeys.clientKey(address)).isEqualTo(expected);
    }
}
