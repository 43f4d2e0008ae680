/**
 * Rate limiting with token buckets: policies that match requests and name a key (the client's address or the
 * signed-in user), a bounded store of buckets, and a filter that rejects a request whose bucket is empty with
 * 429 before any expensive work.
 */
@NullMarked
package dev.rampart.hardening.ratelimit;

import org.jspecify.annotations.NullMarked;
