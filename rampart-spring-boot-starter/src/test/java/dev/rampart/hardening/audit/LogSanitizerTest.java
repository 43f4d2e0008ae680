package dev.rampart.hardening.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile values a user can put into a logged field, each escaped to text that stays on one log line. */
class LogSanitizerTest {

    private static final String SMILE = "\uD83D\uDE00";

    static Stream<Arguments> hostileValues() {
        return Stream.of(
                Arguments.of("carriage return", "a\rb", "a\\u000Db"),
                Arguments.of("line feed", "a\nb", "a\\u000Ab"),
                Arguments.of("CRLF with a forged entry", "bob\r\nINFO admin logged in",
                        "bob\\u000D\\u000AINFO admin logged in"),
                Arguments.of("next line", "a\u0085b", "a\\u0085b"),
                Arguments.of("line separator", "a\u2028b", "a\\u2028b"),
                Arguments.of("paragraph separator", "a\u2029b", "a\\u2029b"),
                Arguments.of("tab and NUL", "a\tb\u0000c", "a\\u0009b\\u0000c"),
                Arguments.of("JNDI lookup", "${jndi:ldap://x}", "$\\{jndi:ldap://x}"),
                Arguments.of("environment lookup", "${env:HOME}", "$\\{env:HOME}"),
                Arguments.of("nested lookup", "${${lower:j}ndi:x}", "$\\{$\\{lower:j}ndi:x}"),
                Arguments.of("dollar without brace", "cost $5", "cost $5"),
                Arguments.of("backslashes", "C:\\temp\\\\x", "C:\\\\temp\\\\\\\\x"),
                Arguments.of("escape look-alike", "\\u000A", "\\\\u000A"),
                Arguments.of("bidi override", "user\u202Egnp.exe", "user\\u202Egnp.exe"),
                Arguments.of("zero-width space", "ad\u200Bmin", "ad\\u200Bmin"),
                Arguments.of("surrogate pair inside", "hi " + SMILE, "hi " + SMILE),
                Arguments.of("10,000 chars", "x".repeat(10_000), "x".repeat(200) + "...(10000 chars)"),
                Arguments.of("surrogate pair at the cut", "a".repeat(199) + SMILE + "tail",
                        "a".repeat(199) + "...(205 chars)"),
                Arguments.of("surrogate pair before the cut", "a".repeat(198) + SMILE + "tail",
                        "a".repeat(198) + SMILE + "...(204 chars)"),
                Arguments.of("line feed past the cut", "a".repeat(300) + "\nforged", "a".repeat(200)
                        + "...(307 chars)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileValues")
    void escapesToOneLine(String name, String value, String expected) {
        String escaped = LogSanitizer.escape(value);

        assertThat(escaped).isEqualTo(expected);
        assertThat(escaped).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029", "${");
        assertThat(escaped.codePoints()).noneMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        assertThat(escaped.codePoints()).as("lone surrogates").noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    @Test
    void nullIsDash() {
        assertThat(LogSanitizer.escape(null)).isEqualTo("-");
    }

    @Test
    void plainValueIsUnchanged() {
        assertThat(LogSanitizer.escape("Zoë O'Brien <zoe@example.org>")).isEqualTo("Zoë O'Brien <zoe@example.org>");
    }

    @Test
    void longValueKeepsMaxLength() {
        String escaped = LogSanitizer.escape("y".repeat(LogSanitizer.MAX_LENGTH + 1));

        assertThat(escaped).startsWith("y".repeat(LogSanitizer.MAX_LENGTH) + "...(");
        assertThat(escaped.chars().filter(c -> c == 'y').count()).isEqualTo(LogSanitizer.MAX_LENGTH);
    }
}
