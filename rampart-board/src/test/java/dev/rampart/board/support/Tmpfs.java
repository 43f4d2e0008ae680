package dev.rampart.board.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small tmpfs mounted on a fresh folder, so that a test can make storage really full or read-only and then
 * recover it. Mounting needs root, and without it {@link #mount} fails with the reason, because a storage test that
 * quietly did not run would prove nothing. {@link #close} unmounts and removes the folder; call it in a
 * {@code finally} block or an {@code @AfterAll} method so that a failed test leaves no mount behind.
 */
public final class Tmpfs implements AutoCloseable {

    /** The file that {@link #fill} writes and {@link #free} deletes. */
    public static final String FILLER = "filler";

    private final Path folder;

    private Tmpfs(Path folder) {
        this.folder = folder;
    }

    /**
     * Mounts a tmpfs of the given size ({@code mount}'s syntax, such as {@code 2m}) with extra mount options
     * (such as {@code uid=postgres}), or none.
     */
    public static Tmpfs mount(String size, String... options) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("Storage fault tests mount a tmpfs, which needs root; the tests run as "
                    + System.getProperty("user.name"));
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("rampart-tmpfs-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String allOptions = String.join(",", Stream.concat(Stream.of("size=" + size), Stream.of(options)).toList());
        Commands.run("mount", "-t", "tmpfs", "-o", allOptions, "tmpfs", folder.toString());
        return new Tmpfs(folder);
    }

    public Path path() {
        return folder;
    }

    /** Writes {@link #FILLER} until the file system reports that it is full, and checks that no byte is left. */
    public void fill() {
        fillLeaving(0);
    }

    /**
     * Writes {@link #FILLER} until the file system is full, then shortens it so that {@code freeBytes} (a
     * multiple of the 4 KiB page size) are free again.
     */
    public void fillLeaving(long freeBytes) {
        Path filler = folder.resolve(FILLER);
        byte[] block = new byte[64 * 1024];
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Smaller writes after a failed larger one take up the last partial block.
            for (int size : new int[] {block.length, 4096, 1}) {
                try {
                    while (true) {
                        out.write(ByteBuffer.wrap(block, 0, size));
                    }
                }
                catch (IOException full) {
                    if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                        throw full;
                    }
                }
            }
            out.truncate(out.size() - freeBytes);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (usableBytes() != freeBytes) {
            throw new IllegalStateException("The tmpfs at " + folder + " has " + usableBytes() + " bytes free, not "
                    + freeBytes);
        }
    }

    /** Deletes {@link #FILLER}, which returns its space at once because no process keeps it open. */
    public void free() {
        try {
            Files.deleteIfExists(folder.resolve(FILLER));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Remounts read-only; it fails while any process has a file on this tmpfs open for writing. */
    public void remountReadOnly() {
        Commands.run("mount", "-o", "remount,ro", folder.toString());
    }

    public void remountWritable() {
        Commands.run("mount", "-o", "remount,rw", folder.toString());
    }

    public long usableBytes() {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Returns the names of the files in the top folder, without {@link #FILLER}. */
    public List<String> fileNames() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.equals(FILLER)).sorted()
                    .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Unmounts the tmpfs, which discards its content, and removes the empty mount point. */
    @Override
    public void close() {
        Commands.run("umount", folder.toString());
        try {
            Files.deleteIfExists(folder);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
