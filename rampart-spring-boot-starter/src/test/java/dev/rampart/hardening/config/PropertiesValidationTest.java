package dev.rampart.hardening.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.rampart.hardening.headers.HeadersProperties;
import dev.rampart.hardening.session.SessionProperties;

/** Invalid starter properties stop start-up with a message that names the property and the bad value. */
class PropertiesValidationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RampartAuditAutoConfiguration.class,
                    RampartHardeningAutoConfiguration.class))
            .withPropertyValues("server.address=127.0.0.1");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            rampart.session.absolute-timeout=0s    | rampart.session.absolute-timeout must be positive, was PT0S
            rampart.session.absolute-timeout=-5m   | rampart.session.absolute-timeout must be positive, was PT-5M
            rampart.headers.hsts-max-age=-1s       | rampart.headers.hsts-max-age must be zero or positive, was PT-1S
            rampart.headers.content-security-policy=\u0020\u0020 | rampart.headers.content-security-policy must not be blank
            """)
    void invalidValueStopsStartupNamingProperty(String setting, String message) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(message);
        });
    }

    @Test
    void defaultsBind() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SessionProperties.class).absoluteTimeout()).isEqualTo(Duration.ofHours(8));
            assertThat(context.getBean(HeadersProperties.class).hstsMaxAge().toSeconds()).isEqualTo(63_072_000);
            assertThat(context.getBean(HeadersProperties.class).contentSecurityPolicy())
                    .isEqualTo(HeadersProperties.DEFAULT_CSP);
        });
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
