package dev.rampart.board.post;

/**
 * The content of a post page, and whether it is fresh or the last good copy.
 *
 * @param value the post or page of posts
 * @param freshness whether the value comes from the database now or from a copy
 */
record PostContent<T>(T value, Freshness freshness) {

    static <T> PostContent<T> fresh(T value) {
        return new PostContent<>(value, Freshness.FRESH);
    }
}
