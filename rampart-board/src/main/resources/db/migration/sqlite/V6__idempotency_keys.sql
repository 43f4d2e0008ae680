-- What each submission of a creating form made, under the idempotency key of the rendered form, so that the board
-- responds to a repeated submission as it did to the first one instead of creating a second row. Keys are scoped
-- to the submitting account: another account's key, even the same text, finds nothing. Rows older than 24 hours
-- are deleted.
-- A unique constraint rather than a primary key, because SQLite reports primary key violations with their own
-- error code, and the board recognises a duplicate key by the unique constraint's code.
create table idempotency_keys (
    account_id      integer not null references accounts (id),
    idempotency_key text    not null,
    -- What the form creates: post, upload or account.
    kind            text    not null,
    -- Null only inside the transaction that claimed the key, which sets both before it commits.
    resource_id     text,
    location        text,
    created_at      integer not null,
    unique (account_id, idempotency_key)
);

create index idempotency_keys_created on idempotency_keys (created_at);
