package dev.rampart.board.upload;

/**
 * A checked file ready to be stored.
 *
 * @param id the generated id
 * @param ownerId the uploading account's id
 * @param name the sanitised original name
 * @param contentType the type detected from the content, one of {@link ContentTypeDetector#ALLOWED}
 * @param content the bytes as received
 * @param sha256 the lower-case hex SHA-256 of the content
 */
record NewUpload(String id, long ownerId, String name, String contentType, byte[] content, String sha256) {
}
