package dev.rampart.board.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import java.util.Optional;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.MultipartStream.MalformedStreamException;
import org.apache.tomcat.util.http.fileupload.impl.IOFileUploadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.multipart.MultipartException;

import dev.rampart.board.upload.UploadStorageFailure.Kind;

/**
 * The classification of failures into full and unwritable storage, on exception chains built the way the
 * drivers, Spring and Tomcat build them. The integration tests produce most of these chains for real. This test
 * adds the codes that they cannot produce, such as SQLite's I/O errors, and repeats PostgreSQL's disk_full,
 * which only a throwaway cluster can produce.
 */
class UploadStorageFailureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            53100 | FULL
            58030 | UNWRITABLE
            25006 | UNWRITABLE
            """)
    void postgresqlStorageStateIsClassified(String sqlState, Kind expected) {
        SQLException driverFailure = new SQLException("could not extend file \"base/5/16387\": "
                + "No space left on device", sqlState);

        Optional<UploadStorageFailure> failure = UploadStorageFailure.ofDatabase(
                new UncategorizedSQLException("insert", "insert into uploads", driverFailure));

        assertThat(failure).hasValueSatisfying(found -> {
            assertThat(found.kind()).isEqualTo(expected);
            assertThat(found.storage()).isEqualTo(UploadStorageFailure.DATABASE);
            assertThat(found.error()).isEqualTo("SQLSTATE " + sqlState);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "08006", "57014", "40001", "42P01"})
    void otherPostgresqlStateIsNoStorageFailure(String sqlState) {
        SQLException driverFailure = new SQLException("failed", sqlState);

        assertThat(UploadStorageFailure.ofDatabase(new DataAccessResourceFailureException("failed", driverFailure)))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SQLITE_FULL             | FULL
            SQLITE_IOERR            | UNWRITABLE
            SQLITE_IOERR_WRITE      | UNWRITABLE
            SQLITE_IOERR_FSYNC      | UNWRITABLE
            SQLITE_READONLY         | UNWRITABLE
            SQLITE_READONLY_DBMOVED | UNWRITABLE
            SQLITE_CANTOPEN         | UNWRITABLE
            """)
    void sqliteStorageCodeIsClassified(SQLiteErrorCode code, Kind expected) {
        // A failed commit reaches the service wrapped by the transaction manager, not by the JDBC template.
        var commitFailure = new TransactionSystemException("commit failed",
                new SQLiteException("[" + code.name() + "] disk I/O failed", code));

        Optional<UploadStorageFailure> failure = UploadStorageFailure.ofDatabase(commitFailure);

        assertThat(failure).hasValueSatisfying(found -> {
            assertThat(found.kind()).isEqualTo(expected);
            assertThat(found.error()).isEqualTo(code.name());
        });
    }

    @ParameterizedTest
    @EnumSource(value = SQLiteErrorCode.class,
            names = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CORRUPT", "SQLITE_ERROR"})
    void otherSqliteCodeIsNoStorageFailure(SQLiteErrorCode code) {
        var failure = new UncategorizedSQLException("insert", "insert into uploads", new SQLiteException("failed", code));

        assertThat(UploadStorageFailure.ofDatabase(failure)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            No space left on device | FULL       | No space left on device
            Disk quota exceeded     | FULL       | Disk quota exceeded
            Input/output error      | UNWRITABLE | Input/output error
            # The start of ENOSPC's German text: an unknown text still means the disk, taken as not writable.
            Kein Speicherplatz      | UNWRITABLE | Kein Speicherplatz
            """)
    void temporaryFileWriteErrorIsClassified(String systemError, Kind expected, String logged) {
        Optional<UploadStorageFailure> failure = UploadStorageFailure.ofTemporaryFile(
                tomcatParseFailure(new IOException(systemError)));

        assertThat(failure).hasValueSatisfying(found -> {
            assertThat(found.kind()).isEqualTo(expected);
            assertThat(found.storage()).isEqualTo(UploadStorageFailure.TEMPORARY_FOLDER);
            assertThat(found.error()).isEqualTo(logged);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Read-only file system", "Permission denied", "No such file or directory"})
    void uncreatableTemporaryFileIsUnwritable(String systemError) {
        var openFailure = new FileNotFoundException("/tmp/spool/upload_0a_00000001.tmp (" + systemError + ")");

        Optional<UploadStorageFailure> failure = UploadStorageFailure.ofTemporaryFile(tomcatParseFailure(openFailure));

        assertThat(failure).map(UploadStorageFailure::kind).hasValue(Kind.UNWRITABLE);
        assertThat(failure).map(UploadStorageFailure::error).hasValue(systemError);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Read-only file system", "Permission denied"})
    void nioFileErrorIsUnwritable(String reason) {
        var failure = UploadStorageFailure.ofTemporaryFile(
                tomcatParseFailure(new AccessDeniedException("/tmp/spool/upload_0a_00000001.tmp", null, reason)));

        assertThat(failure).map(UploadStorageFailure::kind).hasValue(Kind.UNWRITABLE);
    }

    @Test
    void missingTemporaryFolderIsUnwritable() {
        // Tomcat's own exception when the folder is missing and cannot be created, thrown before any parsing.
        var missing = new IOException("The temporary upload location [/tmp/spool] is not valid");

        var failure = UploadStorageFailure.ofTemporaryFile(new MultipartException("Failed to parse", missing));

        assertThat(failure).map(UploadStorageFailure::kind).hasValue(Kind.UNWRITABLE);
        assertThat(failure).map(UploadStorageFailure::error).hasValue("missing folder");
    }

    @Test
    void malformedBodyIsNoStorageFailure() {
        var truncated = new MalformedStreamException("Stream ended unexpectedly");
        var badHeader = new FileUploadException("Header section has more than 10240 bytes");

        assertThat(UploadStorageFailure.ofTemporaryFile(tomcatParseFailure(truncated))).isEmpty();
        assertThat(UploadStorageFailure.ofTemporaryFile(new MultipartException("Failed to parse",
                new IOException(badHeader)))).isEmpty();
    }

    @Test
    void clientDisconnectIsNoStorageFailure() {
        var endOfStream = new ClientAbortException(new EOFException());
        var reset = new ClientAbortException(new IOException("Connection reset"));

        assertThat(UploadStorageFailure.ofTemporaryFile(tomcatParseFailure(endOfStream))).isEmpty();
        assertThat(UploadStorageFailure.ofTemporaryFile(tomcatParseFailure(reset))).isEmpty();
    }

    @Test
    void statusFollowsKind() {
        assertThat(new UploadStorageFailure(Kind.FULL, UploadStorageFailure.DATABASE, "SQLITE_FULL").status().value())
                .isEqualTo(507);
        assertThat(new UploadStorageFailure(Kind.UNWRITABLE, UploadStorageFailure.DATABASE, "SQLSTATE 25006").status()
                .value()).isEqualTo(503);
    }

    /** Wraps an I/O failure of the part copy as Tomcat's parser and Spring's resolver do. */
    private static MultipartException tomcatParseFailure(IOException copyFailure) {
        var parseFailure = new IOFileUploadException("Processing of multipart/form-data request failed. "
                + copyFailure.getMessage(), copyFailure);
        return new MultipartException("Failed to parse multipart servlet request", new IOException(parseFailure));
    }
}
