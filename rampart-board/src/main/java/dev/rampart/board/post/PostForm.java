package dev.rampart.board.post;

import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.Text;

/**
 * The new-post form, normalised to NFC and otherwise kept as typed.
 *
 * @param title 1 to {@value #TITLE_MAX} code points
 * @param body 1 to {@value #BODY_MAX} code points
 */
public record PostForm(String title, String body) {

    public static final int TITLE_MAX = 120;
    public static final int BODY_MAX = 10_000;

    static final PostForm EMPTY = new PostForm("", "");

    static PostForm of(String title, String body) {
        return new PostForm(Text.normalize(title), Text.normalize(body));
    }

    /** Returns the form to show again after a rejection, each field clipped to twice its maximum. */
    PostForm forRedisplay() {
        return new PostForm(Text.clip(title, 2 * TITLE_MAX), Text.clip(body, 2 * BODY_MAX));
    }

    /** Validates both fields, each with its own message. */
    FormErrors validate() {
        FormErrors errors = new FormErrors();
        check(errors, "title", "Title", title, TITLE_MAX, "Give your post a title.");
        check(errors, "body", "Body", body, BODY_MAX, "Write the text of your post.");
        return errors;
    }

    /**
     * Rejects a blank value, one longer than {@code max} code points, or one with a control character other
     * than tab, CR and LF. Such characters are invisible on the page and can corrupt logs and terminals, and
     * PostgreSQL rejects NUL in text columns.
     */
    private static void check(FormErrors errors, String field, String label, String value, int max,
            String whenMissing) {
        if (value.isBlank()) {
            errors.reject(field, label + " is missing. " + whenMissing);
            return;
        }
        int length = Text.length(value);
        if (length > max) {
            errors.reject(field, label + " is " + length + " characters long. Shorten it to at most " + max + ".");
            return;
        }
        if (Text.hasControlCharacters(value)) {
            errors.reject(field, label + " contains a control character. Remove it and try again.");
        }
    }
}
