package dev.rampart.board.account;

import java.text.Normalizer;
import java.util.regex.Pattern;

import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.Text;

/**
 * The registration form, normalised to NFC.
 *
 * @param username 3 to 30 letters, digits, dots, hyphens or underscores, starting with a letter or digit
 * @param password the chosen password
 * @param confirmation the password typed again
 */
public record Registration(String username, String password, String confirmation) {

    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 30;

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}._-]*");

    public static Registration of(String username, String password, String confirmation) {
        return new Registration(Text.normalize(username).strip(), Text.normalize(password),
                Text.normalize(confirmation));
    }

    /** Validates every field, each with its own message. */
    public FormErrors validate(PasswordPolicy passwords) {
        FormErrors errors = new FormErrors();
        String usernameProblem = usernameProblem(username);
        if (usernameProblem != null) {
            errors.reject("username", usernameProblem);
        }
        passwords.check(password, username).ifPresent(problem -> errors.reject("password", problem));
        if (!password.equals(confirmation)) {
            errors.reject("confirmation", "The two passwords do not match. Type the same password twice.");
        }
        return errors;
    }

    /** Returns what is wrong with a username, or null when it is valid. */
    static String usernameProblem(String username) {
        int length = Text.length(username);
        if (length < USERNAME_MIN || length > USERNAME_MAX) {
            return "Username must be " + USERNAME_MIN + " to " + USERNAME_MAX + " characters long.";
        }
        // The allowed characters are checked on the compatibility form, so that a full-width variant of a
        // valid name is judged like the name itself and then caught by the uniqueness key.
        if (!USERNAME.matcher(Normalizer.normalize(username, Normalizer.Form.NFKC)).matches()) {
            return "Username may contain only letters, digits, dots, hyphens and underscores, "
                    + "and must start with a letter or digit.";
        }
        return null;
    }
}
