package dev.rampart.board.post;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.rampart.board.database.Database;

/**
 * Full-text search over post titles and bodies, and the one place with the SQL of both dialects: SQLite matches the
 * FTS5 table {@code posts_fts}, PostgreSQL the generated {@code tsvector} column {@code search_vector}. Each
 * page is one query that also counts all matches with a window function; the count is cheap here because
 * ranking has to visit every match anyway.
 */
@Component
class PostSearch {

    /** bm25 scores are lower for better matches, so ascending rank comes first. */
    private static final String SQLITE_QUERY = """
            select %s, count(*) over () as total
            from posts_fts f
            join posts p on p.id = f.rowid
            join accounts a on a.id = p.author_id
            where posts_fts match ?
            order by f.rank, p.created_at desc, p.id desc
            limit ? offset ?""".formatted(PostSummary.COLUMNS);

    /** The 'simple' configuration matches the one that builds search_vector: no stemming, no stop words. */
    private static final String POSTGRESQL_QUERY = """
            select %s, count(*) over () as total
            from posts p
            join accounts a on a.id = p.author_id
            cross join plainto_tsquery('simple', ?) as q
            where p.search_vector @@ q
            order by ts_rank(p.search_vector, q) desc, p.created_at desc, p.id desc
            limit ? offset ?""".formatted(PostSummary.COLUMNS);

    private final Database database;

    PostSearch(Database database) {
        this.database = database;
    }

    /** Returns one page of the posts that contain every word of the query; none for a query without words. */
    SearchResults search(SearchQuery query, PageNumber page) {
        if (query.words().isEmpty()) {
            return SearchResults.none(page);
        }
        List<Row> rows = database.read(jdbc -> jdbc.sql(sql())
                .params(matchArgument(query), PostPage.rowLimit(), page.offset())
                .query((rs, row) -> new Row(PostSummary.map(rs, row), rs.getLong("total")))
                .list());
        List<PostSummary> posts = rows.stream().map(Row::post).toList();
        long total = rows.isEmpty() ? 0 : rows.get(0).total();
        return new SearchResults(PostPage.fromRows(posts, page), total);
    }

    private String sql() {
        return switch (database.vendor()) {
            case SQLITE -> SQLITE_QUERY;
            case POSTGRESQL -> POSTGRESQL_QUERY;
        };
    }

    private String matchArgument(SearchQuery query) {
        return switch (database.vendor()) {
            case SQLITE -> query.fts5Expression();
            case POSTGRESQL -> query.plainText();
        };
    }

    private record Row(PostSummary post, long total) {
    }
}
