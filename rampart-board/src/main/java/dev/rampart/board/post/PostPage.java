package dev.rampart.board.post;

import java.util.List;

/**
 * One page of a list of posts.
 *
 * @param posts the posts on this page, at most {@value PageNumber#SIZE}
 * @param number which page this is
 * @param hasNext whether a later page has posts
 */
public record PostPage(List<PostSummary> posts, PageNumber number, boolean hasNext) {

    public PostPage {
        posts = List.copyOf(posts);
    }

    /**
     * Builds a page from rows fetched with a limit of one more than the page size, where the extra row only
     * shows that a next page exists.
     */
    static PostPage fromRows(List<PostSummary> rows, PageNumber number) {
        boolean more = rows.size() > PageNumber.SIZE && number.hasNext();
        return new PostPage(rows.subList(0, Math.min(rows.size(), PageNumber.SIZE)), number, more);
    }

    /** Returns the row limit that lets {@link #fromRows} tell whether a next page exists. */
    static int rowLimit() {
        return PageNumber.SIZE + 1;
    }

    /** Tells whether the post with the id is on this page. */
    boolean lists(long postId) {
        for (PostSummary post : posts) {
            if (post.id() == postId) {
                return true;
            }
        }
        return false;
    }

    public boolean hasPrevious() {
        return !number.isFirst();
    }

    /** Tells whether the page number lies past the last post, as happens after posts were deleted. */
    public boolean isPastEnd() {
        return posts.isEmpty() && !number.isFirst();
    }
}
