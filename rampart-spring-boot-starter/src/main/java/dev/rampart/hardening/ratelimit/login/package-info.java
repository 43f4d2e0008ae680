/**
 * Login throttling per account and per client with delays that grow and expire (never a permanent lockout),
 * and a bounded pool for password hashing so that a login flood cannot occupy every request thread.
 */
@NullMarked
package dev.rampart.hardening.ratelimit.login;

import org.jspecify.annotations.NullMarked;
