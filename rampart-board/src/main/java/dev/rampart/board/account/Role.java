package dev.rampart.board.account;

/** The permissions of an account, stored by name. */
public enum Role {
    USER,
    ADMIN
}
