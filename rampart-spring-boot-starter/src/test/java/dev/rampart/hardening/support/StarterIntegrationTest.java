package dev.rampart.hardening.support;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.rampart.hardening.testapp.HardeningTestApplication;

/**
 * Base of the tests that need the test application in its production configuration on a random port over
 * real HTTP. All subclasses share one application context. Log output is captured for assertions.
 */
@SpringBootTest(classes = HardeningTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
public abstract class StarterIntegrationTest {

    @LocalServerPort
    protected int port;

    protected TestClient client() {
        return TestClient.http(port);
    }
}
