package dev.rampart.board.upload;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.DisconnectedClientHelper;

import dev.rampart.hardening.errors.ErrorView;

/**
 * An upload that failed because of the server's storage rather than the request: the folder where Tomcat
 * writes large parts (the temporary upload folder), or the database, is full or cannot be written. Nothing of
 * the upload is kept either way: a failed parse leaves no part file behind (see {@link OrphanedPartFiles}),
 * and the database insert is a single transaction.
 *
 * @param kind whether space ran out or the storage cannot be written
 * @param storage the storage that failed, named for the operator
 * @param error an error code or the operating system's error text, never a message that could quote the upload
 */
record UploadStorageFailure(Kind kind, String storage, String error) {

    enum Kind {

        /** Sent as 507, because the same upload can succeed once space is freed, and a smaller one may fit now. */
        FULL(HttpStatus.INSUFFICIENT_STORAGE, "is full"),

        /** Sent as 503 with {@code Retry-After}, because an operator has to make the storage writable again. */
        UNWRITABLE(HttpStatus.SERVICE_UNAVAILABLE, "cannot be written");

        private final HttpStatus status;
        private final String description;

        Kind(HttpStatus status, String description) {
            this.status = status;
            this.description = description;
        }
    }

    static final String TEMPORARY_FOLDER = "temporary upload folder";

    static final String DATABASE = "database";

    /** Seconds a client should wait before it retries after a 503, as the error page advises. */
    static final int RETRY_AFTER_SECONDS = 60;

    private static final Logger log = LoggerFactory.getLogger(UploadStorageFailure.class);

    /**
     * Linux error texts (strerror) that Java puts in an {@link IOException}'s message, because Java has no
     * error numbers. They are English under the C, POSIX and English locales.
     */
    private static final List<String> NO_SPACE = List.of("No space left on device", "Disk quota exceeded");

    private static final List<String> NOT_WRITABLE = List.of("Read-only file system", "Permission denied",
            "Input/output error", "No such file or directory");

    /** Part of Tomcat's message when the folder is missing and Tomcat cannot create it again. */
    private static final String INVALID_LOCATION = "temporary upload location";

    /**
     * Classifies a failure of Tomcat's multipart parsing by its root cause. Only an exception that the JDK's file
     * operations throw counts, so a malformed body or a client that disconnected (an {@link IOException} from
     * the socket) is never taken for a storage failure.
     */
    static Optional<UploadStorageFailure> ofTemporaryFile(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        if (DisconnectedClientHelper.isClientDisconnectedException(failure) || !isFileError(root)) {
            return Optional.empty();
        }
        String message = String.valueOf(root.getMessage());
        Optional<String> noSpace = firstContained(message, NO_SPACE);
        if (noSpace.isPresent()) {
            return Optional.of(new UploadStorageFailure(Kind.FULL, TEMPORARY_FOLDER, noSpace.get()));
        }
        Optional<String> notWritable = firstContained(message, NOT_WRITABLE);
        if (notWritable.isPresent()) {
            return Optional.of(new UploadStorageFailure(Kind.UNWRITABLE, TEMPORARY_FOLDER, notWritable.get()));
        }
        if (message.contains(INVALID_LOCATION)) {
            return Optional.of(new UploadStorageFailure(Kind.UNWRITABLE, TEMPORARY_FOLDER, "missing folder"));
        }
        // An error text in another language, or one not listed: still the disk, not the request.
        return Optional.of(new UploadStorageFailure(Kind.UNWRITABLE, TEMPORARY_FOLDER, message));
    }

    /**
     * Classifies a failed database write by SQLite's result code or PostgreSQL's SQLSTATE. Codes of failures
     * that have nothing to do with storage, such as a lost connection or a constraint, return empty.
     */
    static Optional<UploadStorageFailure> ofDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return ofSqlite(sqlite.getResultCode());
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return ofSqlState(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    private static Optional<UploadStorageFailure> ofSqlite(SQLiteErrorCode code) {
        // Extended codes such as SQLITE_IOERR_WRITE carry their primary code in the low byte.
        int primary = code.code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return Optional.of(new UploadStorageFailure(Kind.FULL, DATABASE, code.name()));
        }
        if (primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_READONLY.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return Optional.of(new UploadStorageFailure(Kind.UNWRITABLE, DATABASE, code.name()));
        }
        return Optional.empty();
    }

    /**
     * Maps PostgreSQL's disk_full (53100) to full, and io_error (58030) and read_only_sql_transaction (25006),
     * which a standby or a read-only default sends, to not writable.
     */
    private static Optional<UploadStorageFailure> ofSqlState(String state) {
        String error = "SQLSTATE " + state;
        return switch (state) {
            case "53100" -> Optional.of(new UploadStorageFailure(Kind.FULL, DATABASE, error));
            case "58030", "25006" -> Optional.of(new UploadStorageFailure(Kind.UNWRITABLE, DATABASE, error));
            default -> Optional.empty();
        };
    }

    HttpStatus status() {
        return kind.status;
    }

    /**
     * Logs one WARN line and sends the status to the error page. The failure's stack trace goes to DEBUG only,
     * because a full disk is an expected condition whose cause the line already names.
     */
    void send(HttpServletRequest request, HttpServletResponse response, Throwable detail) throws IOException {
        log.warn("Upload not stored because the {} {}: {}", storage, kind.description, error);
        log.debug("Storage failure of the upload", detail);
        if (kind == Kind.UNWRITABLE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
            // The generic 503 text cannot promise that nothing was saved, but this failure rolled the upload back.
            request.setAttribute(ErrorView.ADVICE_ATTRIBUTE, "The server cannot write to its storage, so nothing "
                    + "was saved. Try again in a minute.");
        }
        response.sendError(kind.status.value());
    }

    private static Optional<String> firstContained(String message, List<String> texts) {
        return texts.stream().filter(message::contains).findFirst();
    }

    /** Tells whether the JDK's file operations throw this type, as opposed to Tomcat's parse errors. */
    private static boolean isFileError(Throwable cause) {
        return cause.getClass() == IOException.class || cause instanceof FileNotFoundException
                || cause instanceof FileSystemException;
    }
}
