package dev.rampart.hardening.testapp;

/** The credentials of the test application's one account. */
public final class TestAccounts {

    public static final String USERNAME = "reader";

    public static final String PASSWORD = "pale-blue-teapot-7193";

    private TestAccounts() {
    }
}
