package dev.rampart.board.account;

/** What an account may do. Stored by name. */
public enum Role {
    USER,
    ADMIN
}
