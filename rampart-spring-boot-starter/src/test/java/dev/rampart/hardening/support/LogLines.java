package dev.rampart.hardening.support;

import java.util.List;

import org.springframework.boot.test.system.CapturedOutput;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads captured log output line by line. A line is an ECS JSON document in the production configuration and
 * plain text under the {@code dev} profile; several applications started in one test JVM reconfigure the same
 * logging system, so tests that only care about a line's content accept both.
 */
public final class LogLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LogLines() {
    }

    /** Returns every line of the captured output that contains the text. */
    public static List<String> containing(CapturedOutput output, String text) {
        return output.getAll().lines().filter(line -> line.contains(text)).toList();
    }

    public static boolean isJson(String line) {
        return line.startsWith("{") && line.endsWith("}");
    }

    public static JsonNode json(String line) {
        return JSON.readTree(line);
    }

    /** Returns the logged message: the {@code message} field of a JSON line, or the whole text line. */
    public static String message(String line) {
        return isJson(line) ? json(line).path("message").asString() : line;
    }
}
