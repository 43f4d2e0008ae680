/**
 * Session limits beyond the container's idle timeout: an absolute lifetime after which a session is
 * invalidated however active it is.
 */
@NullMarked
package dev.rampart.hardening.session;

import org.jspecify.annotations.NullMarked;
