package dev.rampart.board.post;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The last good copies of post pages, served while the database is unavailable.
 *
 * @param maxEntries the maximum number of copies kept, each a page of the front page or one post (default 1000).
 *     By estimate, a copy of a post with the longest allowed body (10,000 characters) takes up to about 40 KB,
 *     and a front page up to about 30 KB. So the default keeps the heap used below about 40 MB, and posts of
 *     ordinary length need a few MB. Zero keeps no copies, so every page needs the database.
 */
@ConfigurationProperties("rampart.posts.last-good-copies")
public record LastGoodCopyProperties(@DefaultValue("1000") int maxEntries) {

    public LastGoodCopyProperties {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("rampart.posts.last-good-copies.max-entries must be zero or positive, "
                    + "was " + maxEntries);
        }
    }
}
