package dev.rampart.board.idempotency;

/**
 * The row that a creating form made, and the page the browser goes to next.
 *
 * @param id the id of the created row, as text
 * @param location the local path the browser is redirected to after the form
 */
public record CreatedResource(String id, String location) {
}
