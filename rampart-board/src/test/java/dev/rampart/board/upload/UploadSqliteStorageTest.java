package dev.rampart.board.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestDatabase;
import dev.rampart.board.support.TestResponse;
import dev.rampart.board.support.Tmpfs;

/**
 * Uploads while the disk under the SQLite database is full. The database file lies on a small tmpfs of its own,
 * which the test fills and frees. The board runs on SQLite here whatever database the rest of the suite uses.
 */
@ExtendWith(OutputCaptureExtension.class)
class UploadSqliteStorageTest {

    /** Larger than the write-ahead log has grown by then, so that committing it needs new space. */
    private static final byte[] LARGE = StorageFaultSupport.text(1024 * 1024);

    private static Tmpfs databaseFolder;

    private static Path spoolFolder;

    private static StandaloneBoard board;

    @BeforeAll
    static void startBoard() throws IOException {
        databaseFolder = Tmpfs.mount("8m");
        spoolFolder = Files.createTempDirectory("rampart-spool-");
        board = StandaloneBoard.start(Map.of(
                "spring.datasource.url", TestDatabase.sqliteUrlIn(databaseFolder.path()),
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
            if (databaseFolder != null) {
                databaseFolder.close();
            }
            Files.deleteIfExists(spoolFolder);
        }
    }

    @AfterEach
    void freeDisk() {
        databaseFolder.free();
    }

    @Test
    void fullDatabaseIsInsufficientStorage(CapturedOutput output) {
        String owner = StorageFaultSupport.uniqueName("dbfull");
        TestBrowser browser = board.browser().signUp(owner, BoardIntegrationTest.PASSWORD);
        databaseFolder.fill();

        TestResponse response = upload(browser, "minutes.txt", LARGE);

        assertThat(response.status()).isEqualTo(507);
        assertThat(response.body()).contains("<h1>Storage full</h1>", "nothing was saved", "smaller file");
        assertThat(StorageFaultSupport.rowCountOf(board.jdbc(), owner)).isZero();
        assertThat(StorageFaultSupport.spooledFiles(spoolFolder)).isEmpty();
        assertThat(StorageFaultSupport.storageWarnings(output)).singleElement().asString()
                .contains("Upload not stored because the database is full: SQLITE_FULL");
        assertThat(browser.get("/uploads").status()).as("pages are read while the disk is full").isEqualTo(200);
        StorageFaultSupport.assertNoErrorOrStackTrace(output);

        databaseFolder.free();
        TestResponse retry = upload(browser, "minutes.txt", LARGE);

        assertThat(retry.status()).isEqualTo(303);
        assertThat(StorageFaultSupport.contentsOf(board.jdbc(), owner)).containsExactly(LARGE);
    }

    private static TestResponse upload(TestBrowser browser, String name, byte[] content) {
        return browser.postMultipart("/uploads", TestBrowser.withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", name, "text/plain", content)));
    }
}
