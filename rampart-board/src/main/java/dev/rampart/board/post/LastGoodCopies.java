package dev.rampart.board.post;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/**
 * The last good copy of each front page and post page, kept without expiry and served while the database is
 * unavailable, so that readers still see the board during an outage. While the circuit breaker is open, a page
 * with a copy is served without trying the database at all. A page without a copy still fails with
 * {@link DatabaseUnavailableException}. The number of copies is bounded, and Caffeine's admission policy keeps
 * often-read pages in preference to the one-off pages a crawler walks through.
 * <p>
 * Copies are stored with the {@link PostCache} generation in which their read began, as the post cache does, so
 * a read that overlaps a write on this node cannot store a copy older than the write.
 */
@Component
class LastGoodCopies {

    private static final Logger log = LoggerFactory.getLogger(LastGoodCopies.class);

    /** The minimum time between two log lines that count served copies. */
    private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final Cache<Object, PostContent<?>> copies;
    private final PostCache cache;
    private final DatabaseGuard guard;
    private final Clock clock;
    private final LongAdder servedSinceLog = new LongAdder();
    private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());

    LastGoodCopies(LastGoodCopyProperties properties, PostCache cache, DatabaseGuard guard, Clock clock) {
        this.copies = Caffeine.newBuilder().maximumSize(properties.maxEntries()).build();
        this.cache = cache;
        this.guard = guard;
        this.clock = clock;
    }

    /** Returns a page of the front page from the loader, or its last good copy if the database is unavailable. */
    PostContent<PostPage> latest(PageNumber page, Supplier<PostPage> loader) {
        PostContent<PostPage> content = read(new LatestKey(page.value()), loader::get);
        // The loader never returns null, and only a non-null value is ever stored.
        return Objects.requireNonNull(content);
    }

    /**
     * Returns the post from the loader, or its last good copy if the database is unavailable. An empty result
     * drops the copy, because the post was deleted.
     */
    Optional<PostContent<Post>> post(long id, Supplier<Optional<Post>> loader) {
        return Optional.ofNullable(read(new PostKey(id), () -> loader.get().orElse(null)));
    }

    /**
     * Drops every copy that shows the post. Called after the post was deleted on this node, so that an outage
     * cannot bring it back.
     */
    void forget(long postId) {
        copies.invalidate(new PostKey(postId));
        copies.asMap().values().removeIf(copy -> copy.value() instanceof PostPage page && page.lists(postId));
    }

    private <T> @Nullable PostContent<T> read(Object key, Supplier<@Nullable T> loader) {
        if (guard.isOpen()) {
            PostContent<T> copy = copyOf(key);
            if (copy != null) {
                return served(copy);
            }
        }
        long generation = cache.generation();
        T value;
        try {
            value = loader.get();
        }
        catch (DatabaseUnavailableException unavailable) {
            PostContent<T> copy = copyOf(key);
            if (copy == null) {
                throw unavailable;
            }
            return served(copy);
        }
        keep(key, value, generation);
        return value == null ? null : PostContent.fresh(value);
    }

    /** Stores the value as the key's copy, or drops the copy for a null value, unless a write intervened. */
    private <T> void keep(Object key, @Nullable T value, long generation) {
        PostContent<?> existing = copies.getIfPresent(key);
        if (existing != null && existing.value() == value) {
            // The post cache returned the page it already served, so the copy is up to date.
            return;
        }
        copies.asMap().compute(key, (ignored, old) -> {
            if (cache.generation() != generation) {
                return old;
            }
            return value == null ? null : new PostContent<>(value, new Freshness(clock.instant()));
        });
    }

    @SuppressWarnings("unchecked")
    private <T> @Nullable PostContent<T> copyOf(Object key) {
        return (PostContent<T>) copies.getIfPresent(key);
    }

    /**
     * Counts a served copy, and logs the count at most once a minute, so an outage under load adds one line a
     * minute, not one per request.
     */
    private <T> PostContent<T> served(PostContent<T> copy) {
        servedSinceLog.increment();
        long now = System.nanoTime();
        long due = nextLogAt.get();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
            log.warn("Served {} last good copies of post pages because the database is unavailable (the count since "
                    + "the previous line of this kind, logged at most once a minute)", servedSinceLog.sumThenReset());
        }
        return copy;
    }

    private record LatestKey(int page) {
    }

    private record PostKey(long id) {
    }
}
