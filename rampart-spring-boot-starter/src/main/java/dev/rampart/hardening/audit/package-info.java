/**
 * The security-event stream: login, logout, access-denied, CSRF and firewall events, each written as one
 * escaped line to the {@code rampart.security} logger and then handed to every {@code SecurityEventStore}.
 */
@NullMarked
package dev.rampart.hardening.audit;

import org.jspecify.annotations.NullMarked;
