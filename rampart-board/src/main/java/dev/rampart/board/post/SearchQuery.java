package dev.rampart.board.post;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.rampart.board.web.Text;

/**
 * The text typed into the search field and the words it is searched by. Everything typed is literal text:
 * the words are the runs of letters and digits, so {@code %}, {@code _}, quotes, backslashes, parentheses,
 * {@code *}, {@code ^} and {@code :} only separate words, and words such as {@code OR} or {@code NEAR} are
 * searched for like any other. No part of the text ever reaches a query as syntax.
 *
 * @param text the query, NFC-normalised and stripped, kept for the search field and the page links
 * @param words the words to search for, or none when the text is blank, too long, or has no letters or digits
 */
public record SearchQuery(String text, List<String> words) {

    /** The maximum length of a query in code points. */
    public static final int MAX_LENGTH = 200;

    /** A letter, digit or private-use character, then any of those and combining marks: one word. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{Co}][\\p{L}\\p{N}\\p{Co}\\p{M}]*");

    public SearchQuery {
        words = List.copyOf(words);
    }

    static SearchQuery of(@Nullable String parameter) {
        String text = Text.normalize(parameter).strip();
        if (Text.length(text) > MAX_LENGTH) {
            return new SearchQuery(text, List.of());
        }
        return new SearchQuery(text, words(text));
    }

    public boolean isBlank() {
        return text.isEmpty();
    }

    public boolean isTooLong() {
        return Text.length(text) > MAX_LENGTH;
    }

    /** Returns the address of a results page for this query without the page number, which callers append. */
    public String pageLinkPrefix() {
        return "/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&page=";
    }

    /**
     * Returns the words as an SQLite FTS5 query: each word is an FTS5 string (double quotes, with inner quotes
     * doubled), and strings next to each other must all match. The word pattern already excludes quotes, and the
     * doubling keeps the quoting correct even if it changes.
     */
    String fts5Expression() {
        return words.stream().map(SearchQuery::fts5String).collect(Collectors.joining(" "));
    }

    /** Returns the words separated by spaces, for PostgreSQL's {@code plainto_tsquery}, which ANDs them. */
    String plainText() {
        return String.join(" ", words);
    }

    static String fts5String(String word) {
        return '"' + word.replace("\"", "\"\"") + '"';
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
