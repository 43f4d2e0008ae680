/**
 * Error responses that show a status, fixed advice and the request id, as an HTML page or RFC 9457
 * problem details, and never an exception message or stack trace.
 */
@NullMarked
package dev.rampart.hardening.errors;

import org.jspecify.annotations.NullMarked;
