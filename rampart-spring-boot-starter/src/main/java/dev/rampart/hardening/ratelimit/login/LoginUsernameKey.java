package dev.rampart.hardening.ratelimit.login;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Maps a username as typed to the key its failures are counted under. It must map every spelling that reaches
 * the same account to one key, or an attacker gets fresh free failures per spelling. An application whose
 * usernames match by a rule of its own declares a bean of this type with that rule.
 */
@FunctionalInterface
public interface LoginUsernameKey {

    String of(String username);

    /** Returns the default key: NFKC normalisation and lower case, for applications without a bean of their own. */
    static LoginUsernameKey caseInsensitive() {
        return username -> Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
