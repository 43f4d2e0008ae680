package dev.rampart.board.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.rampart.board.database.Database;

/** Uploads table access. Every query of a file is scoped to its owner. */
@Repository
class UploadRepository {

    private final Database database;
    private final Clock clock;

    UploadRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Stores a file's metadata and content in one insert, unless the owner's files would then exceed either
     * limit. The check and the insert run in the caller's write transaction, so two uploads at once cannot both
     * pass it.
     *
     * @return true when the file was stored, false when it would exceed a limit and nothing was stored
     */
    boolean insertWithinLimits(JdbcClient jdbc, NewUpload upload, long quotaBytes, int maxFiles) {
        lockOwner(jdbc, upload.ownerId());
        Usage usage = usage(jdbc, upload.ownerId());
        if (usage.files() >= maxFiles || usage.bytes() + upload.content().length > quotaBytes) {
            return false;
        }
        insert(jdbc, upload);
        return true;
    }

    /**
     * Takes the owner's account row lock until the transaction ends, which makes concurrent uploads by one
     * user queue on PostgreSQL. SQLite needs no lock, because its IMMEDIATE transactions admit one writer.
     */
    private static void lockOwner(JdbcClient jdbc, long ownerId) {
        jdbc.sql("update accounts set updated_at = updated_at where id = ?").param(ownerId).update();
    }

    private void insert(JdbcClient jdbc, NewUpload upload) {
        jdbc.sql("""
                insert into uploads (id, owner_id, original_name, content_type, size_bytes, sha256, content,
                                     created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(upload.id(), upload.ownerId(), upload.name(), upload.contentType(),
                        upload.content().length, upload.sha256(), upload.content(), clock.millis())
                .update();
    }

    Usage usage(long ownerId) {
        return database.read(jdbc -> usage(jdbc, ownerId));
    }

    private static Usage usage(JdbcClient jdbc, long ownerId) {
        return jdbc.sql("select count(*) as files, coalesce(sum(size_bytes), 0) as bytes from uploads "
                        + "where owner_id = ?")
                .param(ownerId)
                .query((rs, row) -> new Usage(rs.getLong("files"), rs.getLong("bytes")))
                .single();
    }

    /** Returns the owner's files, newest first, at most {@code limit} from {@code offset}. */
    List<UploadSummary> list(long ownerId, long offset, int limit) {
        return database.read(jdbc -> jdbc.sql("""
                        select id, original_name, content_type, size_bytes, created_at from uploads
                        where owner_id = ? order by created_at desc, id limit ? offset ?""")
                .params(ownerId, limit, offset)
                .query(UploadRepository::mapSummary)
                .list());
    }

    /** Returns the file with the id if the owner has it. Another user's file is as absent as an unknown id. */
    Optional<StoredFile> find(long ownerId, String id) {
        return database.read(jdbc -> jdbc.sql("""
                        select original_name, content_type, content from uploads where id = ? and owner_id = ?""")
                .params(id, ownerId)
                .query((rs, row) -> new StoredFile(rs.getString("original_name"), rs.getString("content_type"),
                        rs.getBytes("content")))
                .optional());
    }

    private static UploadSummary mapSummary(ResultSet rs, int row) throws SQLException {
        return new UploadSummary(rs.getString("id"), rs.getString("original_name"), rs.getString("content_type"),
                rs.getLong("size_bytes"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
