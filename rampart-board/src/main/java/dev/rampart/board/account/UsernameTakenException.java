package dev.rampart.board.account;

/** Thrown when a username's key is already used by another account. */
public class UsernameTakenException extends RuntimeException {

    public UsernameTakenException(String username) {
        super("Username is already taken");
    }
}
