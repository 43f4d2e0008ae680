package dev.rampart.board.account;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The uniqueness key of a username: NFKC normalisation followed by case folding, so that {@code Alice},
 * {@code alice}, {@code ALİCE}-style case variants and full-width {@code Ａｌｉｃｅ} all map to one key. Java has
 * no full Unicode case folding, so upper-casing and then lower-casing replaces it (it folds {@code ß} to
 * {@code ss} and the Kelvin sign to {@code k}); the final NFKC pass keeps the result stable.
 */
public final class UsernameKey {

    private UsernameKey() {
    }

    public static String of(String username) {
        String compatible = Normalizer.normalize(username, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }
}
