package dev.rampart.board.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A stored account, without its password hash. */
public record Account(
        long id,
        String username,
        String displayName,
        @Nullable String email,
        String bio,
        Role role,
        boolean enabled,
        Instant createdAt) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
