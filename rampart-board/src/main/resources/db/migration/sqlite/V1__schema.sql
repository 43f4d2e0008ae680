-- Times are epoch milliseconds (UTC) in both databases, so that row mapping is the same code for both.

create table accounts (
    id            integer primary key autoincrement,
    username      text    not null,
    -- NFKC-normalised, case-folded username computed in Java: the uniqueness rule lives in one place.
    username_key  text    not null unique,
    display_name  text    not null,
    email         text,
    bio           text    not null default '',
    password_hash text    not null,
    role          text    not null default 'USER' check (role in ('USER', 'ADMIN')),
    enabled       boolean not null default 1,
    created_at    integer not null,
    updated_at    integer not null
);

create table posts (
    id         integer primary key autoincrement,
    author_id  integer not null references accounts (id),
    title      text    not null,
    body       text    not null,
    created_at integer not null
);

create index posts_author on posts (author_id);

-- External-content FTS5 index kept in step with posts by triggers.
create virtual table posts_fts using fts5(
    title, body,
    content = 'posts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

create trigger posts_fts_insert after insert on posts begin
    insert into posts_fts (rowid, title, body) values (new.id, new.title, new.body);
end;

create trigger posts_fts_delete after delete on posts begin
    insert into posts_fts (posts_fts, rowid, title, body) values ('delete', old.id, old.title, old.body);
end;

create trigger posts_fts_update after update on posts begin
    insert into posts_fts (posts_fts, rowid, title, body) values ('delete', old.id, old.title, old.body);
    insert into posts_fts (rowid, title, body) values (new.id, new.title, new.body);
end;

create table uploads (
    id            text    primary key,
    owner_id      integer not null references accounts (id),
    original_name text    not null,
    content_type  text    not null,
    size_bytes    integer not null,
    sha256        text    not null,
    content       blob    not null,
    created_at    integer not null
);

create index uploads_owner on uploads (owner_id, created_at);

create table security_events (
    id             integer primary key autoincrement,
    occurred_at    integer not null,
    type           text    not null,
    username       text,
    client_address text,
    path           text,
    detail         text,
    request_id     text
);

create index security_events_time on security_events (occurred_at);
