package dev.rampart.board.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rampart.board.web.BadRequestException;

class IdempotencyKeyTest {

    @Test
    void generatedKeysAreWellFormedAndDistinct() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = IdempotencyKey.generate().value();
            assertThat(key).matches("[A-Za-z0-9_-]{22}");
            assertThat(IdempotencyKey.parse(key).value()).isEqualTo(key);
            keys.add(key);
        }

        assertThat(keys).hasSize(1000);
    }

    @Test
    void missingOrEmptyKeyIsRejectedAsMissing() {
        assertThatThrownBy(() -> IdempotencyKey.parse(null)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("sent without its idempotency key")
                .hasMessageContaining("Reload the form and submit it again.");
        assertThatThrownBy(() -> IdempotencyKey.parse("")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("sent without its idempotency key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAAAAA A",
            "AAAAAAAAAAAAAAAAAAAAA\n", "AAAAAAAAAAAAAAAAAAAA\u0410A", "AAAAAAAAAAAAAAAAAAAA\uFF21A",
            "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAA_"})
    void malformedKeyIsRejected(String key) {
        assertThatThrownBy(() -> IdempotencyKey.parse(key)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("The form's idempotency key is invalid: it must be 22 characters")
                .hasMessageContaining("Reload the form and submit it again.");
    }

    @Test
    void overlongKeyIsRejectedWithoutEcho() {
        String key = "A".repeat(1_000_000);

        assertThatThrownBy(() -> IdempotencyKey.parse(key)).isInstanceOf(BadRequestException.class)
                .hasMessageNotContaining("AAAAAAAAAAAAAAAAAAAAAAA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAA", "_____________________w", "-_-_-_-_-_-_-_-_-_-_-Q",
            "AbCdEfGhIjKlMnOpQrStUg"})
    void canonicalKeyIsAccepted(String key) {
        assertThat(IdempotencyKey.parse(key).value()).isEqualTo(key);
    }
}
