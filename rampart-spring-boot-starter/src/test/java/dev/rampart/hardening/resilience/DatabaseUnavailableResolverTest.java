package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.rampart.hardening.errors.ErrorView;

/** The sentence the 503 page shows for each kind of request and failure, and the headers sent with it. */
class DatabaseUnavailableResolverTest {

    private final DatabaseUnavailableResolver resolver = new DatabaseUnavailableResolver();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET    | 5000 | false | The database is unavailable, so this page cannot be shown right now. Try again in 5 seconds.
            HEAD   | 1000 | false | The database is unavailable, so this page cannot be shown right now. Try again in 1 second.
            POST   | 5000 | false | The database is unavailable, so nothing was saved. Try again in 5 seconds.
            DELETE | 1500 | false | The database is unavailable, so nothing was saved. Try again in 2 seconds.
            POST   | 5000 | true  | The connection to the database broke while your change was being saved, so it may or may not have been saved. Check before you send it again.
            """)
    void adviceMatchesRequestAndFailure(String method, long retryAfterMillis, boolean mayHaveCommitted,
            String advice) {
        var request = new MockHttpServletRequest(method, "/profile");
        var response = new MockHttpServletResponse();
        var failure = new DatabaseUnavailableException("The database call failed",
                Duration.ofMillis(retryAfterMillis), null, mayHaveCommitted);

        resolver.resolveException(request, response, null, new IllegalStateException("Wrapped", failure));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo(Long.toString(failure.retryAfterSeconds()));
        assertThat(request.getAttribute(ErrorView.ADVICE_ATTRIBUTE)).isEqualTo(advice);
    }
}
