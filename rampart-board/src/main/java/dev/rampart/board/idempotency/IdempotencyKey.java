package dev.rampart.board.idempotency;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.rampart.board.web.BadRequestException;

/**
 * The idempotency key of one rendered form that creates something: 128 random bits from {@link SecureRandom} in
 * unpadded base64url, 22 characters. Every submission of that form carries the same key, so a double click, a
 * resubmission after the back button or a browser's retry creates one post, upload or account, never two.
 *
 * @param value the key as sent in the {@value #PARAMETER} form field
 */
public record IdempotencyKey(String value) {

    /** The name of the hidden form field that carries the key. */
    public static final String PARAMETER = "idempotencyKey";

    /** The length of a key in characters: 128 bits in base64 without padding. */
    public static final int LENGTH = 22;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");

    public IdempotencyKey {
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("An idempotency key must be " + LENGTH
                    + " characters of unpadded base64url encoding 16 bytes");
        }
    }

    /** Generates a fresh key for a form about to be rendered. */
    public static IdempotencyKey generate() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return new IdempotencyKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /**
     * Parses the form field.
     *
     * @throws BadRequestException when the field is missing or empty, or is anything but the canonical encoding
     *         of 16 bytes. Its message advises reloading the form, which renders a fresh key.
     */
    public static IdempotencyKey parse(@Nullable String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            throw new BadRequestException("The form was sent without its idempotency key, so the board cannot tell "
                    + "a new submission from a repeated one, and nothing was saved. Reload the form and submit "
                    + "it again.");
        }
        if (!isWellFormed(parameter)) {
            throw new BadRequestException("The form's idempotency key is invalid: it must be " + LENGTH
                    + " characters of letters, digits, '-' and '_', as the board generates it. Nothing was saved. "
                    + "Reload the form and submit it again.");
        }
        return new IdempotencyKey(parameter);
    }

    /**
     * Tells whether the text is the canonical encoding of 16 bytes. Decoding and encoding again rejects the keys
     * whose last character sets bits beyond the 128, so each key has exactly one spelling.
     */
    private static boolean isWellFormed(String text) {
        if (text.length() != LENGTH || !WELL_FORMED.matcher(text).matches()) {
            return false;
        }
        byte[] bits = Base64.getUrlDecoder().decode(text);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits).equals(text);
    }
}
