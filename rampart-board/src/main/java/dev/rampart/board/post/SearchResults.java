package dev.rampart.board.post;

import java.util.List;

/**
 * One page of search results, best match first.
 *
 * @param page the posts on this page
 * @param total how many posts match in all, or 0 when this page is empty and the total was not counted
 */
public record SearchResults(PostPage page, long total) {

    static SearchResults none(PageNumber number) {
        return new SearchResults(new PostPage(List.of(), number, false), 0);
    }
}
