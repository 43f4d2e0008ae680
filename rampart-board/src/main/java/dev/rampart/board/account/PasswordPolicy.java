package dev.rampart.board.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.rampart.board.web.Text;

/**
 * Checks a new password in the way current NIST guidance (SP 800-63B) recommends: a minimum length, a
 * generous maximum, no composition rules, and a rejection of passwords known to be common or derived from
 * the username.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 10;

    /** Upper bound in code points; it also bounds the work of hashing one request's password. */
    public static final int MAX_LENGTH = 128;

    private final Set<String> commonPasswords;

    PasswordPolicy() {
        this.commonPasswords = loadCommonPasswords();
    }

    /** Returns what is wrong with the password, or empty when it is acceptable. */
    public Optional<String> check(String password, String username) {
        int length = Text.length(password);
        if (length < MIN_LENGTH) {
            return Optional.of("Password must be at least " + MIN_LENGTH + " characters long.");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("Password must be at most " + MAX_LENGTH + " characters long.");
        }
        if (isCommon(password)) {
            return Optional.of("This password is too common. Choose a longer phrase that others are unlikely to use.");
        }
        if (!username.isBlank() && UsernameKey.of(password).contains(UsernameKey.of(username))) {
            return Optional.of("Password must not contain your username.");
        }
        if (password.codePoints().distinct().count() < 4) {
            return Optional.of("Password repeats too few different characters. Choose a less predictable one.");
        }
        return Optional.empty();
    }

    private boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        return commonPasswords.contains(lower) || commonPasswords.contains(core);
    }

    private static Set<String> loadCommonPasswords() {
        var resource = new ClassPathResource("account/common-passwords.txt");
        try (var reader = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the common-password list", ex);
        }
    }
}
