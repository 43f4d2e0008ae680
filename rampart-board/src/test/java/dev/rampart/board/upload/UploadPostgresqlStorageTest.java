package dev.rampart.board.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.StandaloneBoard;
import dev.rampart.board.support.TemporaryPostgresqlCluster;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;
import dev.rampart.board.support.Tmpfs;

/**
 * Uploads while PostgreSQL's disk is full or its database is read-only. The board runs on a throwaway cluster
 * whose data folder lies on a 48 MiB tmpfs, never on the shared server, whatever database the rest of the
 * suite uses.
 */
@ExtendWith(OutputCaptureExtension.class)
class UploadPostgresqlStorageTest {

    /** Incompressible, so storing it extends the TOAST table by about 1 MiB. */
    private static final byte[] LARGE = StorageFaultSupport.randomText(1024 * 1024);

    private static final byte[] SMALL = StorageFaultSupport.text(1024);

    private static Tmpfs disk;

    private static TemporaryPostgresqlCluster postgresql;

    private static Path spoolFolder;

    private static StandaloneBoard board;

    @BeforeAll
    static void startBoard() throws IOException {
        disk = Tmpfs.mount("48m", "uid=postgres", "gid=postgres", "mode=0700");
        postgresql = TemporaryPostgresqlCluster.startWithDataIn(disk.path().resolve("data"));
        spoolFolder = Files.createTempDirectory("rampart-spool-");
        // Without idle connections kept ready, the pool opens a session only when a request needs one, so after
        // closeIdleConnections every session starts with the database's defaults of that moment.
        board = StandaloneBoard.start(Map.of(
                "spring.datasource.url", postgresql.jdbcUrl(),
                "spring.datasource.hikari.minimum-idle", "0",
                "spring.servlet.multipart.location", spoolFolder.toString()));
    }

    @AfterAll
    static void stopBoard() throws IOException {
        try {
            if (board != null) {
                board.close();
            }
        }
        finally {
            try {
                if (postgresql != null) {
                    postgresql.close();
                }
            }
            finally {
                if (disk != null) {
                    disk.close();
                }
                Files.deleteIfExists(spoolFolder);
            }
        }
    }

    @AfterEach
    void freeDisk() {
        disk.free();
    }

    @Test
    void fullDiskIsInsufficientStorage(CapturedOutput output) {
        String owner = StorageFaultSupport.uniqueName("pgfull");
        TestBrowser browser = board.browser().signUp(owner, BoardIntegrationTest.PASSWORD);
        disk.fill();

        TestResponse response = upload(browser, LARGE);

        assertThat(response.status()).isEqualTo(507);
        assertThat(response.body()).contains("<h1>Storage full</h1>", "nothing was saved", "smaller file");
        assertThat(StorageFaultSupport.rowCountOf(board.jdbc(), owner)).isZero();
        assertThat(StorageFaultSupport.spooledFiles(spoolFolder)).isEmpty();
        assertThat(StorageFaultSupport.storageWarnings(output)).singleElement().asString()
                .contains("Upload not stored because the database is full: SQLSTATE 53100");
        StorageFaultSupport.assertNoErrorOrStackTrace(output);

        disk.free();
        TestResponse retry = upload(browser, LARGE);

        assertThat(retry.status()).isEqualTo(303);
        assertThat(StorageFaultSupport.contentsOf(board.jdbc(), owner)).containsExactly(LARGE);
    }

    @Test
    void readOnlyDatabaseIsUnavailable(CapturedOutput output) throws SQLException {
        String owner = StorageFaultSupport.uniqueName("pgreadonly");
        TestBrowser browser = board.browser().signUp(owner, BoardIntegrationTest.PASSWORD);

        TestResponse response;
        // Opened before the change, so this session stays writable and can undo it.
        try (Connection admin = DriverManager.getConnection(postgresql.jdbcUrl());
                Statement statement = admin.createStatement()) {
            statement.execute("alter database postgres set default_transaction_read_only = on");
            board.closeIdleConnections();
            try {
                response = upload(browser, SMALL);
            }
            finally {
                statement.execute("alter database postgres reset default_transaction_read_only");
                board.closeIdleConnections();
            }
        }

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo(String.valueOf(UploadStorageFailure.RETRY_AFTER_SECONDS));
        assertThat(response.body()).contains("<h1>Service unavailable</h1>", "nothing was saved");
        assertThat(StorageFaultSupport.rowCountOf(board.jdbc(), owner)).isZero();
        assertThat(StorageFaultSupport.storageWarnings(output)).singleElement().asString()
                .contains("Upload not stored because the database cannot be written: SQLSTATE 25006");
        StorageFaultSupport.assertNoErrorOrStackTrace(output);
        assertThat(upload(browser, SMALL).status()).isEqualTo(303);
        assertThat(StorageFaultSupport.rowCountOf(board.jdbc(), owner)).isEqualTo(1);
    }

    private static TestResponse upload(TestBrowser browser, byte[] content) {
        return browser.postMultipart("/uploads", TestBrowser.withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", "minutes.txt", "text/plain", content)));
    }
}
