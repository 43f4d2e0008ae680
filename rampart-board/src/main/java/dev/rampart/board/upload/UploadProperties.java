package dev.rampart.board.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-user limits on stored files. The size of one file is limited separately, by
 * {@code spring.servlet.multipart.max-file-size}, while the request is still being read.
 *
 * @param quota the total size of one user's files (default 50MB, that is 50 MiB); it stops a single account
 *     from filling the database
 * @param maxFiles the maximum number of files one user may keep (default 1000). It stops an account from
 *     filling the database with rows of tiny files, which the quota barely counts
 */
@ConfigurationProperties("rampart.uploads")
record UploadProperties(
        @DefaultValue("50MB") DataSize quota,
        @DefaultValue("1000") int maxFiles) {

    UploadProperties {
        if (quota.toBytes() < 1) {
            throw new IllegalArgumentException("rampart.uploads.quota must be at least 1B, was " + quota);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("rampart.uploads.max-files must be at least 1, was " + maxFiles);
        }
    }
}
