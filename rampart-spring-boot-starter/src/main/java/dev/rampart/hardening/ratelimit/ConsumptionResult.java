package dev.rampart.hardening.ratelimit;

/**
 * The outcome of taking one token from a bucket.
 *
 * @param consumed whether a token was available, so the request may go on
 * @param remainingTokens the tokens left after this request
 * @param nanosToWait when not consumed, the time until one token is available; otherwise zero
 * @param nanosToReset the time until the bucket is full again
 */
public record ConsumptionResult(boolean consumed, long remainingTokens, long nanosToWait, long nanosToReset) {
}
