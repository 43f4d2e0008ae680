package dev.rampart.board.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.RawHttp;
import dev.rampart.board.support.RawHttp.RawResponse;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.resilience.DatabaseGuard;

/**
 * The actuator on the management port: liveness that never looks at the database, readiness that follows the
 * database circuit breaker, Prometheus metrics of the breaker, bulkhead and pool, and nothing of it on the
 * board's own port.
 */
class ManagementPortIntegrationTest extends BoardIntegrationTest {

    private static final String UP = "{\"status\":\"UP\"}";

    @Autowired
    private DatabaseGuard guard;

    @Test
    void probesAreUpWithoutDetails() {
        TestResponse liveness = management().get("/actuator/health/liveness");
        TestResponse readiness = management().get("/actuator/health/readiness");
        TestResponse overall = management().get("/actuator/health");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo(UP);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo(UP);
        assertThat(overall.status()).isEqualTo(200);
        assertThat(overall.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
    }

    @Test
    void openBreakerMakesBoardUnready() {
        TestBrowser member = signedInUser("unready");

        databaseFaults.failConnections();
        for (int i = 0; i < 10 && guard.circuitBreaker().getState() != CircuitBreaker.State.OPEN; i++) {
            member.post("/profile", profileForm("Opening " + i));
        }
        // The breaker turns half-open after rampart.resilience.circuit-breaker.wait-in-open-state (5s), and
        // these requests take milliseconds.
        TestResponse rejected = member.post("/profile", profileForm("While open"));
        TestResponse readiness = management().get("/actuator/health/readiness");
        TestResponse liveness = management().get("/actuator/health/liveness");
        TestResponse metrics = management().get("/actuator/prometheus");
        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo(UP);
        assertThat(metrics.body()).contains("resilience4j_circuitbreaker_state{name=\"database\",state=\"open\"} 1");
        assertThat(metrics.body()).containsPattern(
                "resilience4j_circuitbreaker_not_permitted_calls_total\\{kind=\"not_permitted\",name=\"database\"} "
                        + "[1-9]");

        databaseFaults.clear();
        TestResponse recovered = management().get("/actuator/health/readiness");

        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.body()).isEqualTo(UP);
    }

    @Test
    void livenessIgnoresDatabaseOutage() {
        databaseFaults.failConnections();

        TestResponse liveness = management().get("/actuator/health/liveness");
        TestResponse overall = management().get("/actuator/health");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo(UP);
        // The overall status includes Spring Boot's own check of the data source, which fails at once.
        assertThat(overall.status()).isEqualTo(503);
        assertThat(overall.body()).contains("\"status\":\"DOWN\"");
        assertThat(overall.body()).doesNotContain("components", "details");
        assertThat(overall.body()).doesNotContain("Injected fault", "SQLTransientConnectionException");
    }

    @Test
    void prometheusShowsGuardAndPoolMetrics() {
        signedInUser("metrics");

        TestResponse metrics = management().get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains(
                "resilience4j_circuitbreaker_state{name=\"database\",state=\"closed\"} 1",
                "resilience4j_circuitbreaker_failure_rate{name=\"database\"}",
                "resilience4j_circuitbreaker_calls_seconds_count{kind=\"successful\",name=\"database\"}",
                "resilience4j_bulkhead_available_concurrent_calls{name=\"database\"}",
                "resilience4j_bulkhead_max_allowed_concurrent_calls{name=\"database\"} 10",
                "resilience4j_retry_calls_total{kind=\"successful_without_retry\",name=\"database\"}",
                "hikaricp_connections_active{pool=\"rampart\"}",
                "hikaricp_connections_pending{pool=\"rampart\"}",
                "hikaricp_connections_max{pool=\"rampart\"} 10");
    }

    @Test
    void managementPortSetsNoCookie() {
        TestBrowser member = signedInUser("cookies");
        String sessionCookie = cookieHeader(member);

        for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/env", "/login")) {
            TestResponse anonymous = management().get(path);
            TestResponse withSession = management().get(path, "Cookie", sessionCookie);

            assertThat(anonymous.hasHeader("Set-Cookie")).as(path).isFalse();
            assertThat(withSession.hasHeader("Set-Cookie")).as(path).isFalse();
        }
    }

    @Test
    void managementPortDeniesEverythingElse() {
        for (String path : List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/shutdown", "/",
                "/login", "/admin")) {
            TestResponse response = management().get(path);

            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.hasHeader("Location")).as(path).isFalse();
        }
        TestResponse post = management().postWithoutToken("/actuator/health", Map.of("status", "DOWN"));
        assertThat(post.status()).isEqualTo(403);
    }

    @Test
    void boardPortHidesActuator() {
        TestBrowser admin = signedInAdmin("actuator");
        for (String path : List.of("/actuator", "/actuator/", "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness", "/actuator/prometheus", "/actuator/env")) {
            TestResponse anonymous = browser().get(path);
            TestResponse signedIn = admin.get(path);

            assertThat(anonymous.status()).as(path).isEqualTo(404);
            assertThat(signedIn.status()).as(path).isEqualTo(404);
            assertThat(anonymous.body()).as(path).doesNotContain("\"status\"", "resilience4j");
            assertThat(signedIn.body()).as(path).doesNotContain("\"status\"", "resilience4j");
        }
    }

    @Test
    void boardPortHidesActuatorFromPathTricks() {
        for (String target : List.of("/actuator/health;x=1", "//actuator/health", "/./actuator/health",
                "/static/../actuator/health", "/actuator/%68ealth", "/ACTUATOR/health", "/actuator/health/")) {
            RawResponse response = RawHttp.send(port, "GET", target);

            assertThat(response.status()).as(target).isIn(302, 400, 404);
            assertThat(response.body()).as(target).doesNotContain("\"status\":\"UP\"");
            assertThat(response.header("Content-Type")).as(target)
                    .doesNotContain("application/vnd.spring-boot.actuator");
        }
    }

    @Test
    void managementPortListensOnLoopbackOnly() throws IOException {
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), managementPort), 2000);
            assertThat(loopback.isConnected()).isTrue();
        }
        // Linux routes all of 127.0.0.0/8 to the loopback interface, so only the bind address rejects this.
        assertThatThrownBy(() -> {
            try (Socket other = new Socket()) {
                other.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), managementPort), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private TestBrowser management() {
        return new TestBrowser(managementPort);
    }

    private static String cookieHeader(TestBrowser browser) {
        StringBuilder header = new StringBuilder();
        browser.cookies().forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ")
                .append(name).append('=').append(value));
        return header.toString();
    }

    private static Map<String, String> profileForm(String displayName) {
        return Map.of("displayName", displayName, "email", "", "bio", "");
    }
}
