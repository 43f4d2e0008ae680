/**
 * Security headers (Content-Security-Policy, HSTS on HTTPS, nosniff, Referrer-Policy and others) written
 * by one filter on every response, error pages and static files included.
 */
@NullMarked
package dev.rampart.hardening.headers;

import org.jspecify.annotations.NullMarked;
