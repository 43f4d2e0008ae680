package dev.rampart.board.upload;

/**
 * The space one account's stored files take up.
 *
 * @param files how many files it has
 * @param bytes their total size in bytes
 */
public record Usage(long files, long bytes) {
}
