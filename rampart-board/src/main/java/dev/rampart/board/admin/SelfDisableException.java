package dev.rampart.board.admin;

/** Thrown when an administrator tries to disable their own account, which would lock them out mid-session. */
class SelfDisableException extends RuntimeException {

    SelfDisableException() {
        super("An administrator cannot disable their own account");
    }
}
