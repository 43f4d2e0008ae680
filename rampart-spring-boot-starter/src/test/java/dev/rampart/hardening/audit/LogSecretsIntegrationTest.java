package dev.rampart.hardening.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.hardening.support.StarterIntegrationTest;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;
import dev.rampart.hardening.testapp.TestAccounts;

/** A full form login logs the event but never the password, either session id or the CSRF token. */
class LogSecretsIntegrationTest extends StarterIntegrationTest {

    @Test
    void loginLogsNoSecrets(CapturedOutput output) {
        TestClient client = client();
        String csrfToken = client.csrfToken();
        String sessionBeforeLogin = client.cookies().get(TestClient.SESSION_COOKIE);

        TestResponse login = client.postForm("/login", Map.of("username", TestAccounts.USERNAME,
                "password", TestAccounts.PASSWORD, "_csrf", csrfToken));
        String sessionAfterLogin = client.cookies().get(TestClient.SESSION_COOKIE);
        TestResponse account = client.get("/account");

        assertThat(login.status()).isEqualTo(302);
        assertThat(account.status()).isEqualTo(200);
        assertThat(sessionBeforeLogin).isNotBlank();
        assertThat(sessionAfterLogin).isNotBlank().isNotEqualTo(sessionBeforeLogin);
        assertThat(output.getAll()).contains("LOGIN_SUCCESS");
        assertThat(output.getAll()).doesNotContain(TestAccounts.PASSWORD);
        assertThat(output.getAll()).doesNotContain(sessionBeforeLogin);
        assertThat(output.getAll()).doesNotContain(sessionAfterLogin);
        assertThat(output.getAll()).doesNotContain(csrfToken);
    }

    @Test
    void logoutLogsNoSessionId(CapturedOutput output) {
        TestClient client = client().signedIn();
        String session = client.cookies().get(TestClient.SESSION_COOKIE);
        String csrfToken = client.csrfToken();

        TestResponse logout = client.postForm("/logout", Map.of("_csrf", csrfToken));

        assertThat(logout.status()).isEqualTo(302);
        assertThat(output.getAll()).contains("LOGOUT");
        assertThat(output.getAll()).doesNotContain(session);
        assertThat(output.getAll()).doesNotContain(csrfToken);
    }
}
