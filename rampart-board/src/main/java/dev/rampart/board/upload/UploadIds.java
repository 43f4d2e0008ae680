package dev.rampart.board.upload;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * File ids: 128 random bits from {@link SecureRandom} in unpadded base64url, 22 characters. They cannot be
 * guessed or counted through, and they never contain a name the client chose.
 */
final class UploadIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22}");

    private UploadIds() {
    }

    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Tells whether a path segment could be an id, so that anything else is rejected without a query. */
    static boolean isWellFormed(String id) {
        return WELL_FORMED.matcher(id).matches();
    }
}
