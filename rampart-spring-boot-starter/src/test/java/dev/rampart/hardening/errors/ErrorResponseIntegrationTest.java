package dev.rampart.hardening.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.hardening.support.LogLines;
import dev.rampart.hardening.support.StarterIntegrationTest;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;
import dev.rampart.hardening.testapp.TestPagesController;

import tools.jackson.databind.JsonNode;

/**
 * Error responses for every status the error pages cover, reached both by {@code sendError} and by a thrown
 * exception whose message contains SQL and a password. Browsers get HTML and JSON clients RFC 9457 problem
 * details. Either way the response carries the request id and nothing of the exception.
 */
class ErrorResponseIntegrationTest extends StarterIntegrationTest {

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad request",
            403, "Access denied",
            404, "Page not found",
            405, "Method not allowed",
            413, "Request too large",
            429, "Too many requests",
            500, "Something went wrong",
            503, "Service unavailable",
            507, "Storage full");

    private static final List<String> HTML_ACCEPTS = List.of("",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*");

    private static final List<String> JSON_ACCEPTS = List.of("application/json", "application/problem+json");

    static Stream<Arguments> htmlErrors() {
        return errorPaths().flatMap(path -> HTML_ACCEPTS.stream().map(accept -> Arguments.of(path, accept)));
    }

    static Stream<Arguments> jsonErrors() {
        return errorPaths().flatMap(path -> JSON_ACCEPTS.stream().map(accept -> Arguments.of(path, accept)));
    }

    @ParameterizedTest
    @MethodSource("htmlErrors")
    void browserGetsHtmlPageWithRequestId(String path, String accept) {
        int status = statusOf(path);

        TestResponse response = get(path, accept);

        String requestId = response.header(RequestIdFilter.HEADER);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThat(requestId).matches("[0-9a-f]{16}");
        assertThat(response.body()).contains("<h1>" + TITLES.get(status) + "</h1>");
        assertThat(response.body()).contains("<code>" + requestId + "</code>");
        assertRevealsNothing(response);
    }

    @ParameterizedTest
    @MethodSource("jsonErrors")
    void jsonClientGetsProblemDetailsWithRequestId(String path, String accept) {
        int status = statusOf(path);

        TestResponse response = get(path, accept);

        JsonNode problem = LogLines.json(response.body());
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isEqualTo(TITLES.get(status));
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(problem.path("instance").asString()).isEqualTo(path);
        assertThat(problem.path("requestId").asString()).isEqualTo(response.header(RequestIdFilter.HEADER))
                .matches("[0-9a-f]{16}");
        assertRevealsNothing(response);
    }

    @Test
    void unhandledExceptionIsLoggedUnderRequestId(CapturedOutput output) {
        TestResponse response = get("/throw/unhandled", "");

        String requestId = response.header(RequestIdFilter.HEADER);
        List<String> lines = LogLines.containing(output, requestId);
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).contains(requestId);
        assertRevealsNothing(response);
        assertThat(lines).hasSize(1);
        assertThat(LogLines.message(lines.getFirst())).contains("Request " + requestId + " (GET) failed in ",
                "TestPagesController#throwUnhandled");
        assertThat(output.getAll()).as("the exception goes to the log, not to the client")
                .contains("java.lang.IllegalStateException: " + TestPagesController.SECRET_MESSAGE);
    }

    @Test
    void postToReadOnlyPageIs405WithoutDetails() {
        TestClient client = client();
        String token = client.csrfToken();

        TestResponse response = client.postForm("/page", Map.of("_csrf", token));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).contains("<h1>Method not allowed</h1>");
        assertThat(response.body()).contains(response.header(RequestIdFilter.HEADER));
        assertRevealsNothing(response);
    }

    @Test
    void unknownPathIs404ProblemForJsonClient() {
        TestResponse response = get("/no/such/page", "application/json");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(LogLines.json(response.body()).path("instance").asString()).isEqualTo("/no/such/page");
    }

    @Test
    void hostilePathIsNotEchoedAsInstance() {
        TestResponse response = get("/missing%3Cscript%3E", "application/json");

        assertThat(response.status()).isEqualTo(404);
        assertThat(LogLines.json(response.body()).path("instance").asString()).isEqualTo("/");
        assertThat(response.body()).doesNotContain("<script>").doesNotContain("%3Cscript");
    }

    @ParameterizedTest
    @MethodSource("acceptHeaders")
    void errorPathRequestedDirectlyIsNotFound(String accept) {
        TestResponse response = get("/error", accept);

        assertThat(response.status()).isEqualTo(404);
        assertRevealsNothing(response);
    }

    static Stream<String> acceptHeaders() {
        return Stream.concat(HTML_ACCEPTS.stream(), JSON_ACCEPTS.stream());
    }

    private static Stream<String> errorPaths() {
        return TITLES.keySet().stream().sorted()
                .flatMap(status -> Stream.of("/status/" + status, "/throw/" + status));
    }

    private static int statusOf(String path) {
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    }

    private TestResponse get(String path, String accept) {
        return accept.isEmpty() ? client().get(path) : client().get(path, "Accept", accept);
    }

    private static void assertRevealsNothing(TestResponse response) {
        assertThat(response.body())
                .doesNotContain(TestPagesController.SECRET_SQL)
                .doesNotContain(TestPagesController.SECRET_PASSWORD)
                .doesNotContain("secret_table")
                .doesNotContain("Exception")
                .doesNotContain("at dev.")
                .doesNotContain("at org.")
                .doesNotContain("TestPagesController");
    }
}
