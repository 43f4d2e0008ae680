package dev.rampart.hardening.audit;

import org.jspecify.annotations.Nullable;

/**
 * Escapes user-supplied text before it reaches a log line, so that it cannot forge entries or be expanded.
 * Control characters (including CR and LF), U+0085 NEXT LINE, U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
 * SEPARATOR become {@code \\uXXXX}, a backslash is doubled so that escapes stay unambiguous, and {@code ${}
 * becomes {@code $\{} so that no logging back end treats it as a lookup.
 */
public final class LogSanitizer {

    /** Maximum length kept, in chars. Longer values are cut and marked, because logs are not a storage tier. */
    public static final int MAX_LENGTH = 200;

    private LogSanitizer() {
    }

    /** Returns the escaped form of a value, or {@code "-"} for null. */
    public static String escape(@Nullable String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder escaped = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 16);
        int end = Math.min(value.length(), MAX_LENGTH);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never cut a surrogate pair in half
        }
        for (int i = 0; i < end; i++) {
            appendEscaped(escaped, value, i);
        }
        if (value.length() > MAX_LENGTH) {
            escaped.append("...(").append(value.length()).append(" chars)");
        }
        return escaped.toString();
    }

    private static void appendEscaped(StringBuilder escaped, String value, int index) {
        char c = value.charAt(index);
        if (c == '\\') {
            escaped.append("\\\\");
        }
        else if (c == '$' && index + 1 < value.length() && value.charAt(index + 1) == '{') {
            escaped.append("$\\");
        }
        else if (needsUnicodeEscape(c)) {
            escaped.append(String.format("\\u%04X", (int) c));
        }
        else {
            escaped.append(c);
        }
    }

    private static boolean needsUnicodeEscape(char c) {
        // FORMAT covers bidirectional overrides and zero-width characters, which can disguise a log line.
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.FORMAT;
    }
}
