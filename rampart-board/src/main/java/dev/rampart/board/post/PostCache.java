package dev.rampart.board.post;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Recently read pages of the front page and of search results, so that a busy board serves most reads without
 * the database. Each write of a post on this node starts a new generation: keys carry the generation, so a
 * read that began before the write can only fill an entry that no later read looks up. Entries also expire
 * after the configured time to live and are bounded in number.
 */
@Component
class PostCache {

    private final AtomicLong generation = new AtomicLong();
    private final Cache<Key, Object> pages;

    PostCache(PostCacheProperties properties) {
        this.pages = Caffeine.newBuilder()
                .maximumSize(properties.maxEntries())
                .expireAfterWrite(properties.timeToLive())
                .build();
    }

    PostPage latest(PageNumber page, Supplier<PostPage> loader) {
        return (PostPage) pages.get(new Key(generation.get(), List.of(), page.value(), false), key -> loader.get());
    }

    SearchResults search(SearchQuery query, PageNumber page, Supplier<SearchResults> loader) {
        Key key = new Key(generation.get(), query.words(), page.value(), true);
        return (SearchResults) pages.get(key, ignored -> loader.get());
    }

    /** Returns the current generation, which every write of a post on this node increments. */
    long generation() {
        return generation.get();
    }

    /** Makes every cached page unreachable; called after a post is committed or deleted. */
    void invalidate() {
        generation.incrementAndGet();
        pages.invalidateAll();
    }

    private record Key(long generation, List<String> words, int page, boolean search) {
    }
}
