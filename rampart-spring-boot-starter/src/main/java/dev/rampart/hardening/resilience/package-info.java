/**
 * Keeping a database-backed application honest and quick while its database fails: one guarded path for
 * database calls (retry, circuit breaker, bulkhead), the timeouts given to the pool and driver, and the 503
 * response for calls that could not be made.
 */
@NullMarked
package dev.rampart.hardening.resilience;

import org.jspecify.annotations.NullMarked;
