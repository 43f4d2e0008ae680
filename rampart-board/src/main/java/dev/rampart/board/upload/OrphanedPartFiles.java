package dev.rampart.board.upload;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the temporary part files that Tomcat fails to delete itself. When the write that first moves a part
 * from memory to its file fails, typically with ENOSPC, Tomcat has already created the file but still counts
 * the part as held in memory, so its cleanup skips the file. Such a file is closed and contains at most
 * {@code file-size-threshold} bytes. A file Tomcat is still writing is open, and the file of a finished part is
 * larger than the threshold, so neither is ever deleted here.
 *
 * <p>NOTE: open files are read from {@code /proc/self/fd}, so this works on Linux only and elsewhere deletes
 * nothing. It can read only this process's open files, so each board process needs a temporary upload folder of
 * its own.
 */
class OrphanedPartFiles {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPartFiles.class);

    private static final Path OPEN_FILES = Path.of("/proc/self/fd");

    /** Tomcat's names for part files: {@code upload_<random id>_<counter>.tmp}. */
    private static final String PART_FILE_GLOB = "upload_*.tmp";

    private final String location;
    private final long threshold;

    OrphanedPartFiles(MultipartConfigElement multipartConfig) {
        this.location = Objects.requireNonNullElse(multipartConfig.getLocation(), "");
        this.threshold = multipartConfig.getFileSizeThreshold();
    }

    /**
     * Deletes the orphaned part files in the temporary upload folder and returns how many there were. Failures
     * are logged rather than thrown, because the request they follow has failed already.
     */
    int delete(ServletContext context) {
        Path folder = folder(context);
        if (folder == null || !Files.isDirectory(OPEN_FILES)) {
            return 0;
        }
        try {
            // The folder is listed before the open files, so a file created in between is never taken for
            // closed: either it is in neither list or it is open in the second.
            List<Path> partFiles = partFiles(folder.toRealPath());
            Set<Path> open = openFiles();
            int deleted = 0;
            for (Path file : partFiles) {
                if (!open.contains(file) && sizeOrMissing(file) <= threshold && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
            if (deleted > 0) {
                log.info("Deleted {} temporary upload files that a failed upload left behind", deleted);
            }
            return deleted;
        }
        catch (IOException | UncheckedIOException ex) {
            log.warn("Could not delete temporary upload files that a failed upload left behind: {}", ex.toString());
            return 0;
        }
    }

    /** Returns the folder as Tomcat resolves it: the context's temporary folder when unset, or relative to it. */
    private @Nullable Path folder(ServletContext context) {
        Object temporary = context.getAttribute(ServletContext.TEMPDIR);
        Path contextFolder = temporary instanceof File file ? file.toPath() : null;
        if (location.isEmpty()) {
            return contextFolder;
        }
        Path configured = Path.of(location);
        if (configured.isAbsolute() || contextFolder == null) {
            return configured;
        }
        return contextFolder.resolve(configured);
    }

    private static List<Path> partFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, PART_FILE_GLOB)) {
            stream.forEach(files::add);
        }
        return files;
    }

    /** Returns the file's size, or a size over any threshold when the request that owned it deleted it meanwhile. */
    private static long sizeOrMissing(Path file) throws IOException {
        try {
            return Files.size(file);
        }
        catch (NoSuchFileException deleted) {
            return Long.MAX_VALUE;
        }
    }

    /** Returns the targets of this process's file descriptors; a descriptor closed meanwhile is skipped. */
    private static Set<Path> openFiles() throws IOException {
        Set<Path> open = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(OPEN_FILES)) {
            descriptors.forEach(descriptor -> {
                try {
                    open.add(Files.readSymbolicLink(descriptor));
                }
                catch (IOException closed) {
                    // Closed between the listing and the read, so it keeps no file open.
                }
            });
        }
        return open;
    }
}
