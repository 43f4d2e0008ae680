package dev.rampart.board.post;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache of recently read post lists (front page and search results).
 *
 * @param timeToLive how long a cached page may be served (default 10 seconds); posts written on this node
 *     clear the cache at once, so this only bounds how long changes made elsewhere take to appear, such as
 *     posts written on another node or a renamed author
 * @param maxEntries the most pages kept (default 500, a few megabytes), so distinct search queries cannot
 *     grow the heap without limit
 */
@ConfigurationProperties("rampart.posts.cache")
public record PostCacheProperties(
        @DefaultValue("10s") Duration timeToLive,
        @DefaultValue("500") int maxEntries) {

    public PostCacheProperties {
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("rampart.posts.cache.time-to-live must be zero or positive, was "
                    + timeToLive + "; use 0s to turn the cache off");
        }
        if (maxEntries < 0) {
            throw new IllegalArgumentException("rampart.posts.cache.max-entries must be zero or positive, was "
                    + maxEntries);
        }
    }
}
