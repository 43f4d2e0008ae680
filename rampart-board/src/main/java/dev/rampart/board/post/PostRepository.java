package dev.rampart.board.post;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.rampart.board.database.Database;

/** Posts table access. Every list is one query that joins the authors, so a page never costs a query per post. */
@Repository
class PostRepository {

    private static final String LATEST = """
            select %s
            from posts p join accounts a on a.id = p.author_id
            order by p.created_at desc, p.id desc
            limit ? offset ?""".formatted(PostSummary.COLUMNS);

    private final Database database;
    private final Clock clock;

    PostRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Inserts a post in the caller's write transaction and returns its id. */
    long insert(JdbcClient jdbc, long authorId, PostForm form) {
        return jdbc.sql("""
                insert into posts (author_id, title, body, created_at) values (?, ?, ?, ?)
                returning id""")
                .params(authorId, form.title(), form.body(), clock.millis())
                .query(Long.class)
                .single();
    }

    Optional<Post> findById(long id) {
        return database.read(jdbc -> jdbc.sql("""
                select p.id, p.title, p.body, p.created_at, a.username, a.display_name
                from posts p join accounts a on a.id = p.author_id
                where p.id = ?""")
                .param(id)
                .query(Post::map)
                .optional());
    }

    /** Returns one page of posts, newest first; the index on (created_at, id) serves the order without a sort. */
    PostPage latest(PageNumber page) {
        List<PostSummary> rows = database.read(jdbc -> jdbc.sql(LATEST)
                .params(PostPage.rowLimit(), page.offset())
                .query(PostSummary::map)
                .list());
        return PostPage.fromRows(rows, page);
    }

    /** Deletes a post; returns false when no post has the id. */
    boolean delete(long id) {
        int deleted = database.write(jdbc -> jdbc.sql("delete from posts where id = ?").param(id).update());
        return deleted == 1;
    }
}
