package dev.rampart.board.upload;

import java.text.Normalizer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Turns the file name a client sent into a display name that is safe to store, to show, to send back in a
 * {@code Content-Disposition} header, and to save under on Windows, macOS and Linux. The name is never used
 * as a path on the server: files are stored in the database under a generated id.
 */
final class FileNameSanitizer {

    /**
     * Maximum display name length in code points. NTFS allows 255 UTF-16 units and ext4 255 bytes, so a
     * saved name in a script of multi-byte characters may still be shortened by the browser or the system.
     */
    static final int MAX_LENGTH = 255;

    /** The name given to a file whose name has nothing left after sanitising. */
    static final String FALLBACK = "file";

    /** Maximum length of an extension (with its dot) that truncation keeps. A longer tail is cut like the rest. */
    private static final int MAX_EXTENSION_LENGTH = 16;

    private static final String WINDOWS_ILLEGAL = "<>:\"/\\|?*";

    /**
     * Windows device names, which open the device instead of a file whatever extension follows. Windows also
     * treats the superscript digits as device numbers.
     */
    private static final Pattern RESERVED = Pattern.compile("(?i)CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]");

    private FileNameSanitizer() {
    }

    /**
     * Returns the display name for a client-supplied file name: NFC; the last segment of any path, with
     * {@code /} and {@code \} both taken as separators; without control, bidirectional-override and
     * Windows-illegal characters; without leading or trailing dots and spaces; with {@code _} before a
     * Windows device name; at most {@link #MAX_LENGTH} code points; and {@link #FALLBACK} when nothing is left.
     */
    static String sanitize(@Nullable String name) {
        String text = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFC);
        text = lastPathSegment(text);
        text = removeForbiddenCharacters(text);
        text = trimDotsAndSpaces(text);
        text = prefixDeviceName(text);
        text = truncate(text);
        return text.isEmpty() ? FALLBACK : text;
    }

    private static String lastPathSegment(String text) {
        int separator = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
        return text.substring(separator + 1);
    }

    private static String removeForbiddenCharacters(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(c -> !isForbidden(c)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /**
     * Control characters (NUL, CR and LF among them) could split a header or a log line. Bidirectional
     * controls can make {@code invoice\u202Etxt.exe} display as {@code invoiceexe.txt}. Lone surrogates cannot
     * be stored as UTF-8 text.
     */
    private static boolean isForbidden(int c) {
        return Character.isISOControl(c)
                || WINDOWS_ILLEGAL.indexOf(c) >= 0
                || isBidirectionalControl(c)
                || c == '\u2028' || c == '\u2029'
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static boolean isBidirectionalControl(int c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static String trimDotsAndSpaces(String text) {
        return text.replaceAll("^[. ]+|[. ]+$", "");
    }

    /** Windows ignores the extension and spaces before it, so {@code con .txt} is the device too. */
    private static String prefixDeviceName(String text) {
        int dot = text.indexOf('.');
        String base = (dot < 0 ? text : text.substring(0, dot)).stripTrailing();
        return RESERVED.matcher(base).matches() ? "_" + text : text;
    }

    private static String truncate(String text) {
        if (codePoints(text) <= MAX_LENGTH) {
            return text;
        }
        String extension = extension(text);
        int baseLength = MAX_LENGTH - codePoints(extension);
        String base = text.substring(0, text.length() - extension.length());
        return trimDotsAndSpaces(firstCodePoints(base, baseLength) + extension);
    }

    /** Returns the last {@code .suffix} of a name when it is short enough to keep, or the empty string. */
    private static String extension(String text) {
        int dot = text.lastIndexOf('.');
        if (dot <= 0) {
            return "";
        }
        String extension = text.substring(dot);
        return codePoints(extension) <= MAX_EXTENSION_LENGTH ? extension : "";
    }

    private static String firstCodePoints(String text, int count) {
        return text.substring(0, text.offsetByCodePoints(0, count));
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }
}
