package dev.rampart.board.post;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

/** Creates posts over HTTP the way a browser does, and makes search words no other test uses. */
final class TestPosts {

    private static final AtomicLong WORDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private TestPosts() {
    }

    /** Posts the new-post form and returns the id from the redirect, failing the test unless it responds with 303. */
    static long create(TestBrowser author, String title, String body) {
        TestResponse response = author.post("/posts",
                TestBrowser.withNewIdempotencyKey(Map.of("title", title, "body", body)));
        String location = response.header("Location");
        if (response.status() != 303 || !location.matches("/posts/[0-9]+")) {
            throw new AssertionError("Creating a post failed with " + response.status() + " " + location + ":\n"
                    + response.body());
        }
        return Long.parseLong(location.substring("/posts/".length()));
    }

    /**
     * Returns a word of lower-case ASCII letters that no other test uses, so a search for it finds only the
     * posts of the calling test although all tests share one database.
     */
    static String uniqueWord() {
        long number = WORDS.incrementAndGet();
        StringBuilder word = new StringBuilder("zq");
        do {
            word.append((char) ('a' + number % 26));
            number /= 26;
        }
        while (number > 0);
        return word.toString();
    }
}
