package dev.rampart.board.web;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing that is paged with {@code ?page=N}: the 1-based page number, the page size and the total
 * number of rows, from which the offset and the neighbouring pages follow.
 *
 * @param page the page shown, from 1 to {@link #lastPage()}
 * @param pageSize rows per page, at least 1
 * @param totalRows rows in the whole listing
 */
public record Pagination(int page, int pageSize, long totalRows) {

    /** Maximum page number accepted, which keeps {@code page * pageSize} far from overflowing. */
    public static final int MAX_PAGE = 1_000_000;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,7}");

    public Pagination {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
    }

    /**
     * Parses the {@code page} query parameter (missing or empty means page 1) against a listing of
     * {@code totalRows} rows.
     *
     * @throws BadRequestException when the value is not a whole number from 1 to {@link #MAX_PAGE}
     * @throws NotFoundException when the page lies past the last one; page 1 of an empty listing exists
     */
    public static Pagination of(@Nullable String page, int pageSize, long totalRows) {
        int number = parsePage(page);
        Pagination pagination = new Pagination(number, pageSize, totalRows);
        if (number > pagination.lastPage()) {
            throw new NotFoundException("Page");
        }
        return pagination;
    }

    /**
     * Parses the {@code page} query parameter alone, for listings that do not count their rows.
     *
     * @throws BadRequestException when the value is not a whole number from 1 to {@link #MAX_PAGE}
     */
    public static int parsePage(@Nullable String page) {
        if (page == null || page.isEmpty()) {
            return 1;
        }
        if (!DIGITS.matcher(page).matches()) {
            throw new BadRequestException("The page number is invalid. Use a whole number from 1 to " + MAX_PAGE + ".");
        }
        int number = Integer.parseInt(page);
        if (number < 1 || number > MAX_PAGE) {
            throw new BadRequestException("The page number is invalid. Use a whole number from 1 to " + MAX_PAGE + ".");
        }
        return number;
    }

    /** Returns the number of rows before this page, for SQL {@code OFFSET}. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** Returns the last page number, which is 1 for an empty listing. */
    public int lastPage() {
        long pages = (totalRows + pageSize - 1) / pageSize;
        return (int) Math.max(1, Math.min(pages, MAX_PAGE));
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < lastPage();
    }
}
