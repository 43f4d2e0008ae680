package dev.rampart.board.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Data and checks that the storage fault tests share. */
final class StorageFaultSupport {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private StorageFaultSupport() {
    }

    /** Returns a username no other storage fault test uses, for boards whose database is their own. */
    static String uniqueName(String prefix) {
        return prefix + "_" + COUNTER.incrementAndGet();
    }

    /** Returns plain text of the given size, in lines of 64 bytes, which Tika detects as text/plain. */
    static byte[] text(int size) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + i % 26);
        }
        return content;
    }

    /**
     * Returns random letters and digits of the given size, in lines of 64 bytes. PostgreSQL's compression cannot
     * shrink such text, so storing it takes new pages of its size.
     */
    static byte[] randomText(int size) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Random random = new Random(size);
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i % 64 == 63 ? '\n' : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return content;
    }

    static long rowCountOf(JdbcClient jdbc, String owner) {
        return jdbc.sql("select count(*) from uploads u join accounts a on a.id = u.owner_id where a.username = ?")
                .param(owner)
                .query(Long.class)
                .single();
    }

    /** Returns the stored content of each of the owner's files. */
    static List<byte[]> contentsOf(JdbcClient jdbc, String owner) {
        return jdbc.sql("select u.content from uploads u join accounts a on a.id = u.owner_id where a.username = ?")
                .param(owner)
                .query((rs, row) -> rs.getBytes(1))
                .list();
    }

    /** Returns the names of the files in the temporary upload folder. */
    static List<String> spooledFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Returns the WARN lines that {@link UploadStorageFailure} logged. */
    static List<String> storageWarnings(CapturedOutput output) {
        return output.getOut().lines().filter(line -> line.contains("\"level\":\"WARN\"")
                && line.contains("\"logger\":\"" + UploadStorageFailure.class.getName() + "\"")).toList();
    }

    static void assertNoErrorOrStackTrace(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain("\"level\":\"ERROR\"", "stack_trace", "\tat ");
    }
}
