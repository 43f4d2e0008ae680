/**
 * Hardening for Spring MVC applications: security headers, error pages and problem details, a
 * security-event stream, session limits and start-up checks that reject insecure production settings.
 * Everything is on by default once the starter is on the class path.
 */
@NullMarked
package dev.rampart.hardening;

import org.jspecify.annotations.NullMarked;
