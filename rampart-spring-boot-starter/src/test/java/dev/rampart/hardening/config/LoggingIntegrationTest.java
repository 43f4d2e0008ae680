package dev.rampart.hardening.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.rampart.hardening.errors.RequestIdFilter;
import dev.rampart.hardening.support.LogLines;
import dev.rampart.hardening.support.TestApplications;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;

import tools.jackson.databind.JsonNode;

/**
 * The log format chosen by profile: ECS JSON with the request id in production, readable text under
 * {@code dev}. Each test starts its own application, because the format is fixed when logging is initialised.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggingIntegrationTest {

    /**
     * Spring Boot hands the console format to Logback in this system property and sets it only when it is unset,
     * so the first application in a JVM would decide the format for every later one.
     */
    private static final String FORMAT_PROPERTY = "CONSOLE_LOG_STRUCTURED_FORMAT";

    private @Nullable String formatBefore;

    @BeforeEach
    void forgetEarlierFormat() {
        formatBefore = System.clearProperty(FORMAT_PROPERTY);
    }

    @AfterEach
    void restoreFormat() {
        if (formatBefore == null) {
            System.clearProperty(FORMAT_PROPERTY);
        }
        else {
            System.setProperty(FORMAT_PROPERTY, formatBefore);
        }
    }

    @Test
    void productionLineIsEcsJsonWithRequestId(CapturedOutput output) {
        String marker = UUID.randomUUID().toString();

        try (ConfigurableApplicationContext app = TestApplications.start(List.of())) {
            TestResponse response = TestClient.http(TestApplications.port(app)).get("/log?marker=" + marker);

            List<String> lines = LogLines.containing(output, marker);
            assertThat(lines).hasSize(1);
            JsonNode line = LogLines.json(lines.getFirst());
            assertThat(line.path("message").asString()).isEqualTo("Test marker " + marker);
            assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
            assertThat(line.path("log").path("logger").asString()).endsWith("TestPagesController");
            assertThat(line.path("ecs").path("version").asString()).isNotBlank();
            assertThat(line.path("request").path("id").asString())
                    .isEqualTo(response.header(RequestIdFilter.HEADER))
                    .matches("[0-9a-f]{16}");
        }
    }

    @Test
    void productionOutputIsOnlyJson(CapturedOutput output) {
        try (ConfigurableApplicationContext app = TestApplications.start(List.of())) {
            TestClient.http(TestApplications.port(app)).get("/log?marker=" + UUID.randomUUID());
        }

        List<String> lines = output.getOut().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).allMatch(LogLines::isJson);
    }

    @Test
    void requestIdSurvivesNestedDispatch(CapturedOutput output) {
        String marker = UUID.randomUUID().toString();

        try (ConfigurableApplicationContext app = TestApplications.start(List.of())) {
            TestResponse response = TestClient.http(TestApplications.port(app)).get("/include?marker=" + marker);

            JsonNode line = LogLines.json(LogLines.containing(output, marker).getFirst());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("Test page");
            assertThat(line.path("message").asString()).isEqualTo("After include " + marker);
            assertThat(line.path("request").path("id").asString()).isEqualTo(response.header(RequestIdFilter.HEADER));
        }
    }

    @Test
    void devProfileLineIsReadableText(CapturedOutput output) {
        String marker = UUID.randomUUID().toString();

        try (ConfigurableApplicationContext app = TestApplications.start(List.of("dev"))) {
            TestClient.http(TestApplications.port(app)).get("/log?marker=" + marker);

            List<String> lines = LogLines.containing(output, marker);
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()).doesNotStartWith("{");
            assertThat(lines.getFirst()).matches("\\d{4}-\\d{2}-\\d{2}T\\S+ +INFO \\d+ --- .*TestPagesController +: "
                    + "Test marker " + marker);
        }
    }
}
