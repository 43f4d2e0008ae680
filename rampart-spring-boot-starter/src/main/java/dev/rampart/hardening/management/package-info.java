/**
 * The actuator's place in a hardened application: on its own port, reachable without a session for health
 * probes and metrics scrapes, and absent from the application's own port.
 */
@NullMarked
package dev.rampart.hardening.management;

import org.jspecify.annotations.NullMarked;
