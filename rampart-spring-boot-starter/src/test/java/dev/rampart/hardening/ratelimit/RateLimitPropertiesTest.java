package dev.rampart.hardening.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import dev.rampart.hardening.config.RampartAuditAutoConfiguration;
import dev.rampart.hardening.config.RampartHardeningAutoConfiguration;

/** Rate limit settings: defaults, validation messages that name the property, and the switch. */
class RateLimitPropertiesTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RampartAuditAutoConfiguration.class,
                    RampartHardeningAutoConfiguration.class))
            .withPropertyValues("server.address=127.0.0.1");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            rampart.rate-limit.max-tracked-keys=0 | rampart.rate-limit.max-tracked-keys must be at least 1, was 0
            rampart.rate-limit.idle-expiry=0s | rampart.rate-limit.idle-expiry must be positive, was PT0S
            rampart.rate-limit.policies.x.capacity=0 | rampart.rate-limit.policies.x.capacity must be at least 1, was 0
            rampart.rate-limit.policies.x.refill-period=0s | rampart.rate-limit.policies.x.refill-period must be at least
            """)
    void invalidValueStopsStartup(String setting, String message) {
        runner.withPropertyValues("rampart.rate-limit.policies.x.capacity=10",
                "rampart.rate-limit.policies.x.refill-period=1m", setting).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure())).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith(message);
                });
    }

    @Test
    void defaultsBind() {
        runner.run(context -> {
            RateLimitProperties properties = context.getBean(RateLimitProperties.class);

            assertThat(properties.enabled()).isTrue();
            assertThat(properties.maxTrackedKeys()).isEqualTo(100_000);
            assertThat(properties.idleExpiry()).isEqualTo(Duration.ofMinutes(10));
            assertThat(context).hasSingleBean(InMemoryBucketStore.class);
            assertThat(context).hasBean("rampartRateLimitFilter");
        });
    }

    @Test
    void disabledRegistersNoFilter() {
        runner.withPropertyValues("rampart.rate-limit.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("rampartRateLimitFilter");
            assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                    .noneMatch(registration -> registration.getFilter() instanceof RateLimitFilter);
        });
    }

    @Test
    void missingPolicyIsNamed() {
        var properties = new RateLimitProperties(true, 10, Duration.ofMinutes(1), 20, Map.of());

        assertThatIllegalStateException().isThrownBy(() -> properties.policy("uploads"))
                .withMessageStartingWith("rampart.rate-limit.policies.uploads is missing");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
