package dev.rampart.hardening.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.support.StarterIntegrationTest;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;
import dev.rampart.hardening.testapp.TestAccounts;

/**
 * The actuator of an application that only adds the starter and Spring Boot's actuator: probes on a loopback
 * management port without a session, and nothing of it on the application's port.
 */
class ManagementPortIntegrationTest extends StarterIntegrationTest {

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private DatabaseGuard guard;

    @AfterEach
    void closeBreaker() {
        guard.circuitBreaker().reset();
    }

    @Test
    void probesAreUpWithoutDetails() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness"}) {
            TestResponse response = management().get(path);

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
            assertThat(response.body()).as(path).doesNotContain("components", "details", "databaseCircuitBreaker");
            assertThat(response.hasHeader("Set-Cookie")).as(path).isFalse();
        }
    }

    @Test
    void readinessIsOutOfServiceWhileBreakerIsOpen() {
        guard.circuitBreaker().transitionToOpenState();

        TestResponse readiness = management().get("/actuator/health/readiness");
        TestResponse liveness = management().get("/actuator/health/liveness");
        guard.circuitBreaker().reset();
        TestResponse recovered = management().get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(recovered.status()).isEqualTo(200);
    }

    @Test
    void prometheusShowsGuardMetrics() {
        TestResponse response = management().get("/actuator/prometheus");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("resilience4j_circuitbreaker_state{name=\"database\",state=\"closed\"} 1");
        assertThat(response.body()).contains("resilience4j_bulkhead_available_concurrent_calls{name=\"database\"}");
    }

    @Test
    void otherEndpointsAreDenied() {
        for (String path : new String[] {"/actuator", "/actuator/env", "/actuator/beans", "/anything"}) {
            TestResponse response = management().get(path);

            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.hasHeader("Set-Cookie")).as(path).isFalse();
        }
    }

    @Test
    void healthRejectsPost() {
        TestResponse response = management().postForm("/actuator/health", Map.of("status", "DOWN"));

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void applicationPortHidesActuator() {
        for (String path : new String[] {"/actuator", "/actuator/health", "/actuator/health/liveness",
                "/actuator/prometheus"}) {
            TestResponse response = client().get(path);

            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("UP", "resilience4j");
        }
    }

    @Test
    void applicationPortHidesActuatorFromSignedInUser() {
        TestClient user = client();
        TestResponse login = user.login(TestAccounts.USERNAME, TestAccounts.PASSWORD);
        assertThat(login.status()).isEqualTo(302);

        TestResponse response = user.get("/actuator/health");

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void managementPortListensOnLoopbackOnly() throws IOException {
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), managementPort), 2000);
            assertThat(loopback.isConnected()).isTrue();
        }
        // Linux routes all of 127.0.0.0/8 to the loopback interface, so only the bind address refuses this.
        assertThatThrownBy(() -> {
            try (Socket other = new Socket()) {
                other.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), managementPort), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private TestClient management() {
        return TestClient.http(managementPort);
    }
}
