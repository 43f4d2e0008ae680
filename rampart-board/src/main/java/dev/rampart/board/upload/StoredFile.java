package dev.rampart.board.upload;

/**
 * A file as downloaded.
 *
 * @param name the sanitised original name, sent as the suggested file name
 * @param contentType the type detected from the content at upload
 * @param content the bytes exactly as uploaded
 */
record StoredFile(String name, String contentType, byte[] content) {
}
