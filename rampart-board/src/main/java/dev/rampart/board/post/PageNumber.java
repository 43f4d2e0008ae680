package dev.rampart.board.post;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.rampart.board.web.BadRequestException;

/**
 * A 1-based page number from the {@code page} request parameter, for lists of {@value #SIZE} posts.
 *
 * @param value the page number, from 1 to {@value #MAX}
 */
public record PageNumber(int value) {

    /** Posts per page. */
    public static final int SIZE = 20;

    /**
     * The highest page number accepted. A deep page costs the database a scan of every row it skips, so the cap
     * bounds the work one request can cause. Older posts stay reachable by search and by their address.
     */
    public static final int MAX = 1000;

    public static final PageNumber FIRST = new PageNumber(1);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    public PageNumber {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("Page number must be from 1 to " + MAX + ", was " + value);
        }
    }

    /**
     * Parses the parameter; a missing one means the first page.
     *
     * @throws BadRequestException unless the value is a whole number from 1 to {@value #MAX} in ASCII digits
     */
    public static PageNumber parse(@Nullable String parameter) {
        if (parameter == null) {
            return FIRST;
        }
        if (!DIGITS.matcher(parameter).matches()) {
            throw invalid();
        }
        int value = Integer.parseInt(parameter);
        if (value < 1 || value > MAX) {
            throw invalid();
        }
        return new PageNumber(value);
    }

    /** Returns the number of rows before this page. */
    public int offset() {
        return (value - 1) * SIZE;
    }

    public boolean isFirst() {
        return value == 1;
    }

    public int previous() {
        return Math.max(1, value - 1);
    }

    public int next() {
        return value + 1;
    }

    public boolean hasNext() {
        return value < MAX;
    }

    private static BadRequestException invalid() {
        return new BadRequestException("The page number is invalid. Use a whole number from 1 to " + MAX
                + ", or leave the page parameter out to see the first page.");
    }
}
