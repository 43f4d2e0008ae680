package dev.rampart.board.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs system commands (mount, initdb, pg_ctl) for tests that set up real storage faults. */
final class Commands {

    private static final long TIMEOUT_SECONDS = 60;

    private Commands() {
    }

    /** Runs the command and returns its output, or throws with the output when it fails or times out. */
    static String run(String... command) {
        String line = String.join(" ", command);
        Path output = null;
        try {
            // A file, not a pipe: a server that the command starts keeps its inherited output open after the
            // command exits, and a read from a pipe would wait for the server to end.
            output = Files.createTempFile("rampart-command-", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out after " + TIMEOUT_SECONDS + " s: " + line);
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Exit code " + process.exitValue() + " from " + line + "\n" + text);
            }
            return text;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run " + line, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + line, ex);
        }
        finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
