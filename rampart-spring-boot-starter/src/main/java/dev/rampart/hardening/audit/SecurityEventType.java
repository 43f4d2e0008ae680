package dev.rampart.hardening.audit;

/** The kinds of security event; each is logged and stored under its name. */
public enum SecurityEventType {
    LOGIN_SUCCESS,
    LOGIN_FAILURE,
    LOGOUT,
    ACCESS_DENIED,
    CSRF_REJECTED,
    REQUEST_REJECTED,
    RATE_LIMITED,
    UPLOAD_REJECTED,
    ACCOUNT_DISABLED,
    ADMIN_CREATED
}
