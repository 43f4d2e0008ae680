/**
 * Auto-configuration and safe defaults: the properties added beneath the application's own, the TLS
 * bundle and HTTP-to-HTTPS redirect, and the start-up check that rejects insecure production settings.
 */
@NullMarked
package dev.rampart.hardening.config;

import org.jspecify.annotations.NullMarked;
