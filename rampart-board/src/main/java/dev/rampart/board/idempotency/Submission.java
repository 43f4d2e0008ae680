package dev.rampart.board.idempotency;

/**
 * The outcome of a form submission that created a resource, or that repeated one that did.
 *
 * @param resource what the first submission with the key created
 * @param replayed true when an earlier submission created it and this one created nothing
 */
public record Submission(CreatedResource resource, boolean replayed) {
}
