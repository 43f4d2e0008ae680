package dev.rampart.board.profile;

import org.jspecify.annotations.Nullable;

import dev.rampart.board.account.Account;
import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.Text;

/**
 * The profile form, normalised to NFC. Text is otherwise kept as typed, so markup in a bio is stored as written and
 * escaped by the templates where it is shown.
 *
 * @param displayName the name shown to other members, 2 to 50 characters without control characters
 * @param email an optional address, or the empty string for none
 * @param bio up to 500 characters of free text; line breaks are allowed, other control characters are not
 */
public record ProfileForm(String displayName, String email, String bio) {

    public static final int DISPLAY_NAME_MIN = 2;
    public static final int DISPLAY_NAME_MAX = 50;
    public static final int BIO_MAX = 500;

    /**
     * Builds the form from submitted values. The display name and email lose surrounding whitespace. Line breaks in
     * the bio become LF, because browsers submit a textarea's line breaks as CRLF and each would otherwise count as
     * two characters against the limit.
     */
    static ProfileForm of(@Nullable String displayName, @Nullable String email, @Nullable String bio) {
        String lines = Text.normalize(bio).replace("\r\n", "\n").replace('\r', '\n');
        return new ProfileForm(Text.normalize(displayName).strip(), Text.normalize(email).strip(), lines);
    }

    /** Returns the form to show again after a rejection, each field clipped to twice its maximum. */
    ProfileForm forRedisplay() {
        return new ProfileForm(Text.clip(displayName, 2 * DISPLAY_NAME_MAX),
                Text.clip(email, 2 * EmailAddress.MAX_LENGTH), Text.clip(bio, 2 * BIO_MAX));
    }

    static ProfileForm of(Account account) {
        return new ProfileForm(account.displayName(), account.email() == null ? "" : account.email(), account.bio());
    }

    /** Validates every field, each with its own message. */
    FormErrors validate() {
        FormErrors errors = new FormErrors();
        String displayNameProblem = displayNameProblem(displayName);
        if (displayNameProblem != null) {
            errors.reject("displayName", displayNameProblem);
        }
        String emailProblem = EmailAddress.problem(email);
        if (emailProblem != null) {
            errors.reject("email", emailProblem);
        }
        String bioProblem = bioProblem(bio);
        if (bioProblem != null) {
            errors.reject("bio", bioProblem);
        }
        return errors;
    }

    /** Returns the email to store: null when the field was left empty. */
    @Nullable String storedEmail() {
        return email.isEmpty() ? null : email;
    }

    private static @Nullable String displayNameProblem(String displayName) {
        int length = Text.length(displayName);
        if (length < DISPLAY_NAME_MIN || length > DISPLAY_NAME_MAX) {
            return "Display name must be " + DISPLAY_NAME_MIN + " to " + DISPLAY_NAME_MAX + " characters long; it has "
                    + length + ".";
        }
        if (displayName.codePoints().anyMatch(ProfileForm::isForbiddenInName)) {
            return "Display name must be one line without control characters or text-direction overrides.";
        }
        return null;
    }

    private static @Nullable String bioProblem(String bio) {
        int length = Text.length(bio);
        if (length > BIO_MAX) {
            return "Bio must be at most " + BIO_MAX + " characters long; it has " + length + ". Shorten it.";
        }
        if (bio.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            return "Bio must not contain control characters such as tabs or escape codes; "
                    + "only line breaks are allowed.";
        }
        return null;
    }

    /**
     * Tells whether a character could break a name across lines or make it display differently from how it is
     * stored: control characters, line and paragraph separators, and the bidirectional embedding, override and
     * isolate controls (U+202A to U+202E, U+2066 to U+2069), which can reverse the text around them.
     */
    private static boolean isForbiddenInName(int c) {
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
