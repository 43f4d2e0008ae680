package dev.rampart.board.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.regex.Pattern;

import dev.rampart.board.web.Text;

/**
 * A post as listed on the front page and in search results: no full body, only the start of it.
 *
 * @param id the post id
 * @param title the title as typed
 * @param authorName the author's display name
 * @param createdAt when the post was created
 * @param excerpt the start of the body on one line, ending in an ellipsis when the body goes on
 */
public record PostSummary(long id, String title, String authorName, Instant createdAt, String excerpt) {

    /** Code points of body text shown in an excerpt. */
    static final int EXCERPT_LENGTH = 160;

    /**
     * Code points of body text that list queries read: more than the excerpt shows, because line breaks and
     * runs of spaces collapse, and far less than a 10,000 character body, so a page of 20 stays small.
     */
    static final int EXCERPT_SOURCE_LENGTH = 200;

    /**
     * The select list of summary rows, for queries that join {@code posts p} with {@code accounts a}. It reads one
     * code point more than {@link #EXCERPT_SOURCE_LENGTH} to tell whether the body goes on. Both databases count
     * {@code substr} positions in characters, not bytes.
     */
    static final String COLUMNS = "p.id, p.title, a.display_name, p.created_at, substr(p.body, 1, "
            + (EXCERPT_SOURCE_LENGTH + 1) + ") as excerpt";

    /** How many code points an excerpt may lose so that it ends at a space instead of inside a word. */
    private static final int WORD_BREAK_WINDOW = 20;

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

    public String createdIso() {
        return PostDates.iso(createdAt);
    }

    public String createdText() {
        return PostDates.text(createdAt);
    }

    static PostSummary map(ResultSet rs, int row) throws SQLException {
        return new PostSummary(rs.getLong("id"), rs.getString("title"), rs.getString("display_name"),
                Instant.ofEpochMilli(rs.getLong("created_at")), excerpt(rs.getString("excerpt")));
    }

    /**
     * Collapses whitespace and cuts the text to at most {@link #EXCERPT_LENGTH} code points, never inside a
     * surrogate pair, and at a space when one is near the end so that the last word is whole.
     */
    static String excerpt(String source) {
        boolean cut = Text.length(source) > EXCERPT_SOURCE_LENGTH;
        String text = WHITESPACE.matcher(source).replaceAll(" ").strip();
        if (Text.length(text) > EXCERPT_LENGTH) {
            text = cutAtWord(text, text.offsetByCodePoints(0, EXCERPT_LENGTH));
            cut = true;
        }
        return cut ? text + "…" : text;
    }

    private static String cutAtWord(String text, int end) {
        int space = text.lastIndexOf(' ', end);
        boolean nearEnd = space > 0 && text.codePointCount(space, end) <= WORD_BREAK_WINDOW;
        return (nearEnd ? text.substring(0, space) : text.substring(0, end)).stripTrailing();
    }
}
