package dev.rampart.board.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileNameSanitizerTest {

    static Stream<Arguments> names() {
        return Stream.of(
                // Ordinary names are kept as typed.
                Arguments.of("report.pdf", "report.pdf"),
                Arguments.of("Quarterly report (final) v2.txt", "Quarterly report (final) v2.txt"),
                Arguments.of("Résumé 履歴書.pdf", "Résumé 履歴書.pdf"),
                Arguments.of("🎉 party.png", "🎉 party.png"),
                Arguments.of("👨\u200D👩\u200D👧 family.txt", "👨\u200D👩\u200D👧 family.txt"),
                Arguments.of("Re\u0301sume\u0301.pdf", "Résumé.pdf"),
                // Paths in either direction keep only their last segment.
                Arguments.of("../../etc/passwd", "passwd"),
                Arguments.of("..\\..\\windows\\system32\\x.txt", "x.txt"),
                Arguments.of("C:\\Users\\me\\notes.txt", "notes.txt"),
                Arguments.of("/var/tmp/", "file"),
                Arguments.of("dir/..", "file"),
                // Control characters, line breaks and bidirectional controls are removed.
                Arguments.of("a\u0000b.txt", "ab.txt"),
                Arguments.of("line\r\nbreak.txt", "linebreak.txt"),
                Arguments.of("tab\there.txt", "tabhere.txt"),
                Arguments.of("a\u007f\u0085\u009bb.txt", "ab.txt"),
                Arguments.of("a\u2028b\u2029c.txt", "abc.txt"),
                Arguments.of("invoice\u202Etxt.exe", "invoicetxt.exe"),
                Arguments.of("a\u2066b\u2069\u200E\u200F\u061Cc.txt", "abc.txt"),
                Arguments.of("a\uD800b.txt", "ab.txt"),
                // Characters Windows forbids in names are removed.
                Arguments.of("what?.txt", "what.txt"),
                Arguments.of("a<b>c:d\"e|f?g*h.txt", "abcdefgh.txt"),
                Arguments.of("notes.txt:hidden", "notes.txthidden"),
                Arguments.of("<>:\"|?*", "file"),
                // Windows device names get a prefix, with or without an extension, in any case.
                Arguments.of("CON", "_CON"),
                Arguments.of("con.txt", "_con.txt"),
                Arguments.of("Con.tar.gz", "_Con.tar.gz"),
                Arguments.of("PRN", "_PRN"),
                Arguments.of("aux.c", "_aux.c"),
                Arguments.of("NUL .txt", "_NUL .txt"),
                Arguments.of("COM1", "_COM1"),
                Arguments.of("com9.log", "_com9.log"),
                Arguments.of("LPT1.png", "_LPT1.png"),
                Arguments.of("COM¹.txt", "_COM¹.txt"),
                Arguments.of(" .CON. ", "_CON"),
                Arguments.of("CONSOLE.txt", "CONSOLE.txt"),
                Arguments.of("COM10.txt", "COM10.txt"),
                Arguments.of("LPT.txt", "LPT.txt"),
                Arguments.of("my con.txt", "my con.txt"),
                // Leading and trailing dots and spaces are trimmed.
                Arguments.of("...", "file"),
                Arguments.of("   ", "file"),
                Arguments.of(". . .", "file"),
                Arguments.of(".bashrc", "bashrc"),
                Arguments.of("name. . ", "name"),
                Arguments.of("  spaced  name.txt  ", "spaced  name.txt"),
                // Nothing left becomes the fallback.
                Arguments.of("", "file"),
                Arguments.of(null, "file"),
                Arguments.of("\u0000\r\n", "file"),
                // Long names are cut to 255 code points, keeping a short extension.
                Arguments.of("a".repeat(1000), "a".repeat(255)),
                Arguments.of("b".repeat(1000) + ".txt", "b".repeat(251) + ".txt"),
                Arguments.of("😀".repeat(300) + ".png", "😀".repeat(251) + ".png"),
                Arguments.of("c".repeat(10) + "." + "x".repeat(300), "c".repeat(10) + "." + "x".repeat(244)),
                Arguments.of("d".repeat(254) + "." + "e".repeat(20), "d".repeat(254)),
                Arguments.of("f".repeat(255) + ".pdf", "f".repeat(251) + ".pdf"),
                Arguments.of("g".repeat(251) + ".pdf", "g".repeat(251) + ".pdf"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void sanitize(String name, String expected) {
        assertThat(FileNameSanitizer.sanitize(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("names")
    void resultIsAlwaysSafe(String name, String expected) {
        String result = FileNameSanitizer.sanitize(name);

        assertThat(result).isNotEmpty();
        assertThat(result.codePointCount(0, result.length())).isLessThanOrEqualTo(FileNameSanitizer.MAX_LENGTH);
        assertThat(result).doesNotContainPattern("[<>:\"/\\\\|?*\\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]");
        assertThat(result).doesNotStartWith(".").doesNotStartWith(" ").doesNotEndWith(".").doesNotEndWith(" ");
        assertThat(result.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))
                .isTrue();
    }

    @Test
    void sanitizeIsIdempotent() {
        names().map(arguments -> (String) arguments.get()[1])
                .forEach(sanitized -> assertThat(FileNameSanitizer.sanitize(sanitized)).isEqualTo(sanitized));
    }
}
