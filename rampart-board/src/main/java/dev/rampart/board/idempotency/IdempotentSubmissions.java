package dev.rampart.board.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.rampart.board.database.Database;
import dev.rampart.board.web.BadRequestException;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/**
 * Runs the write of a creating form at most once per account and {@link IdempotencyKey}, and responds to a
 * repeated submission with what the first one created. The key is recorded in the same transaction as the created
 * row, so either both are committed or neither is, and a key whose submission was rejected stays usable.
 *
 * <p>Keys are remembered for {@link #RETENTION}. A form submitted again after that creates a new row.
 */
@Component
public class IdempotentSubmissions {

    /** How long a key is remembered after its submission. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(IdempotentSubmissions.class);

    private final Database database;
    private final Clock clock;

    IdempotentSubmissions(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Creates a resource unless the account already submitted this key, in one write transaction: it claims the
     * key, runs {@code create} and records what it created. A concurrent submission with the same key waits for
     * the claim: on PostgreSQL at the unique index until this transaction ends, and on SQLite because write
     * transactions are IMMEDIATE and run one at a time. It then finds the key taken and returns this submission's
     * resource.
     *
     * @param kind what the form creates, such as {@code post}; a key used for another kind is rejected
     * @param create runs the statements that create the resource and returns it, or returns empty when it
     *     rejected the submission and wrote nothing; then the claim is removed so that the key can be submitted
     *     again. It may run more than once, so it must do nothing outside the transaction.
     * @return the created or earlier resource, or empty when {@code create} rejected the submission
     * @throws BadRequestException when the account used the key for another kind of form
     */
    public Optional<Submission> submit(long accountId, IdempotencyKey key, String kind,
            Function<JdbcClient, Optional<CreatedResource>> create) {
        Optional<CreatedResource> earlier = find(accountId, key, kind);
        if (earlier.isPresent()) {
            return Optional.of(replay(accountId, kind, earlier.get()));
        }
        try {
            // A resubmission that races this one, or follows a write whose outcome the user never saw (a timeout,
            // or a 503 after the connection broke mid-commit), finds the key taken and returns the key's record,
            // so the resource is never created twice. Database#write rethrows the statements' own exceptions
            // unchanged, so KeyTakenException arrives here as thrown.
            return database.write(jdbc -> claimAndCreate(jdbc, accountId, key, kind, create))
                    .map(resource -> new Submission(resource, false));
        }
        catch (KeyTakenException ex) {
            // A claim fails only on a committed key, because PostgreSQL waits for the transaction that inserted it
            // to end and SQLite runs one write transaction at a time. So the record can be read now.
            CreatedResource first = find(accountId, key, kind).orElseThrow(() -> new IllegalStateException(
                    "Idempotency key of account " + accountId + " was taken but has no record"));
            return Optional.of(replay(accountId, kind, first));
        }
    }

    /**
     * Records in the caller's write transaction what a submission created, for forms whose key can only be
     * scoped after the row exists: a registration creates the account that owns its key.
     */
    public void record(JdbcClient jdbc, long accountId, IdempotencyKey key, String kind, CreatedResource resource) {
        jdbc.sql("""
                insert into idempotency_keys (account_id, idempotency_key, kind, resource_id, location, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(accountId, key.value(), kind, resource.id(), resource.location(), clock.millis())
                .update();
    }

    /**
     * Returns what the account's earlier submission with this key created, if one was committed.
     *
     * @throws BadRequestException when the account used the key for another kind of form
     */
    public Optional<CreatedResource> find(long accountId, IdempotencyKey key, String kind) {
        Optional<Recorded> recorded = database.read(jdbc -> jdbc.sql("""
                        select kind, resource_id, location from idempotency_keys
                        where account_id = ? and idempotency_key = ?""")
                .params(accountId, key.value())
                .query((rs, row) -> new Recorded(rs.getString("kind"),
                        new CreatedResource(rs.getString("resource_id"), rs.getString("location"))))
                .optional());
        if (recorded.isPresent() && !recorded.get().kind().equals(kind)) {
            throw new BadRequestException("This form's idempotency key was already used for another form, so "
                    + "nothing was saved. Reload the form and submit it again.");
        }
        return recorded.map(Recorded::resource);
    }

    /** Deletes the keys older than {@link #RETENTION}, every hour. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void deleteExpired() {
        try {
            int deleted = deleteCreatedBefore(clock.millis() - RETENTION.toMillis());
            log.debug("Deleted {} idempotency keys older than {}", deleted, RETENTION);
        }
        catch (DatabaseUnavailableException ex) {
            // The guard has logged the failure once; a stack trace from the scheduler would only repeat it.
            log.warn("Failed to delete expired idempotency keys because the database is unavailable; the next run "
                    + "in an hour tries again");
        }
        catch (DataAccessException ex) {
            log.warn("Failed to delete expired idempotency keys; the next run in an hour tries again", ex);
        }
    }

    /** Deletes the keys created before the time, in epoch milliseconds, and returns how many. */
    int deleteCreatedBefore(long cutoffMillis) {
        return database.write(jdbc -> jdbc.sql("delete from idempotency_keys where created_at < ?")
                .param(cutoffMillis)
                .update());
    }

    private Optional<CreatedResource> claimAndCreate(JdbcClient jdbc, long accountId, IdempotencyKey key, String kind,
            Function<JdbcClient, Optional<CreatedResource>> create) {
        claim(jdbc, accountId, key, kind);
        Optional<CreatedResource> created = create.apply(jdbc);
        if (created.isEmpty()) {
            jdbc.sql("delete from idempotency_keys where account_id = ? and idempotency_key = ?")
                    .params(accountId, key.value())
                    .update();
            return created;
        }
        jdbc.sql("""
                update idempotency_keys set resource_id = ?, location = ?
                where account_id = ? and idempotency_key = ?""")
                .params(created.get().id(), created.get().location(), accountId, key.value())
                .update();
        return created;
    }

    /**
     * Inserts the key before anything is created, so that a duplicate waits here and then fails without having
     * written anything.
     *
     * @throws KeyTakenException when the account's key is already recorded; it rolls the transaction back
     */
    private void claim(JdbcClient jdbc, long accountId, IdempotencyKey key, String kind) {
        try {
            jdbc.sql("insert into idempotency_keys (account_id, idempotency_key, kind, created_at) values (?, ?, ?, ?)")
                    .params(accountId, key.value(), kind, clock.millis())
                    .update();
        }
        catch (DataAccessException ex) {
            if (Database.isUniqueViolation(ex)) {
                throw new KeyTakenException();
            }
            throw ex;
        }
    }

    private static Submission replay(long accountId, String kind, CreatedResource resource) {
        log.info("Repeated {} submission by account {} redirected to the first submission's {}", kind, accountId,
                resource.location());
        return new Submission(resource, true);
    }

    private record Recorded(String kind, CreatedResource resource) {
    }

    /** Thrown out of the write transaction when the key is taken, which rolls the transaction back. */
    private static final class KeyTakenException extends RuntimeException {

        KeyTakenException() {
            super(null, null, false, false);
        }
    }
}
