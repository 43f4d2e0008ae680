package dev.rampart.board.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One post with its full body, as shown on its own page.
 *
 * @param id the post id
 * @param title the title as typed
 * @param body the body as typed
 * @param createdAt when the post was created
 * @param authorUsername the author's username, to recognise the author among signed-in viewers
 * @param authorName the author's display name
 */
public record Post(long id, String title, String body, Instant createdAt, String authorUsername,
        String authorName) {

    public String createdIso() {
        return PostDates.iso(createdAt);
    }

    public String createdText() {
        return PostDates.text(createdAt);
    }

    /** Tells whether the viewer may delete this post: its author or an administrator. */
    public boolean mayBeDeletedBy(Viewer viewer) {
        return viewer.admin() || authorUsername.equals(viewer.username());
    }

    static Post map(ResultSet rs, int row) throws SQLException {
        return new Post(rs.getLong("id"), rs.getString("title"), rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("username"),
                rs.getString("display_name"));
    }
}
