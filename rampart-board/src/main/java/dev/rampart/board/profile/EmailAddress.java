package dev.rampart.board.profile;

import org.jspecify.annotations.Nullable;

import dev.rampart.board.web.Text;

/**
 * A syntax check for an email address that catches typing mistakes without pretending to implement RFC 5322:
 * one {@code @} with text on both sides, a dot inside the domain, no spaces or control characters, and at most
 * 254 characters, the longest address that fits the SMTP path limit of RFC 5321. Whether the address exists is
 * not checked.
 */
final class EmailAddress {

    static final int MAX_LENGTH = 254;

    private EmailAddress() {
    }

    /** Returns what is wrong with an address, or null when it is acceptable or empty (the field is optional). */
    static @Nullable String problem(String email) {
        if (email.isEmpty()) {
            return null;
        }
        int length = Text.length(email);
        if (length > MAX_LENGTH) {
            return "Email must be at most " + MAX_LENGTH + " characters long; it has " + length + ".";
        }
        if (email.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c))) {
            return "Email must not contain spaces or control characters.";
        }
        int at = email.indexOf('@');
        if (at < 0 || at != email.lastIndexOf('@')) {
            return "Email must contain exactly one @, as in name@example.org.";
        }
        String domain = email.substring(at + 1);
        if (at == 0 || domain.isEmpty()) {
            return "Email needs a name before the @ and a domain after it, as in name@example.org.";
        }
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return "The domain after the @ must be a full domain name such as example.org.";
        }
        return null;
    }
}
