package dev.rampart.board.web;

import java.text.Normalizer;

import org.jspecify.annotations.Nullable;

/**
 * Form text handling shared by every feature: NFC normalisation (text is otherwise stored as typed) and
 * lengths counted in Unicode code points, so an emoji counts as one character, as the user sees it.
 */
public final class Text {

    private Text() {
    }

    /** Returns the NFC form of a form value, or the empty string for a missing one. */
    public static String normalize(@Nullable String value) {
        return value == null ? "" : Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * Returns at most {@code max} code points of the value. Rejected forms are shown again with what was typed, and
     * clipping keeps a megabyte of junk in one field from being sent straight back to the client.
     */
    public static String clip(String value, int max) {
        if (value.length() <= max || length(value) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max));
    }

    /** Tells whether the value has a control character other than tab, CR and LF. */
    public static boolean hasControlCharacters(String value) {
        return value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }
}
