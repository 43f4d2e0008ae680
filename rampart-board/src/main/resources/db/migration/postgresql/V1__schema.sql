-- Times are epoch milliseconds (UTC) in both databases, so that row mapping is the same code for both.

create table accounts (
    id            bigint generated always as identity primary key,
    username      text    not null,
    -- NFKC-normalised, case-folded username computed in Java: the uniqueness rule lives in one place.
    username_key  text    not null unique,
    display_name  text    not null,
    email         text,
    bio           text    not null default '',
    password_hash text    not null,
    role          text    not null default 'USER' check (role in ('USER', 'ADMIN')),
    enabled       boolean not null default true,
    created_at    bigint  not null,
    updated_at    bigint  not null
);

create table posts (
    id            bigint generated always as identity primary key,
    author_id     bigint not null references accounts (id),
    title         text   not null,
    body          text   not null,
    created_at    bigint not null,
    -- The 'simple' configuration neither stems nor drops stop words, matching SQLite's unicode61 tokenizer.
    search_vector tsvector generated always as (to_tsvector('simple', title || ' ' || body)) stored
);

create index posts_author on posts (author_id);
create index posts_search on posts using gin (search_vector);

create table uploads (
    id            text   primary key,
    owner_id      bigint not null references accounts (id),
    original_name text   not null,
    content_type  text   not null,
    size_bytes    bigint not null,
    sha256        text   not null,
    content       bytea  not null,
    created_at    bigint not null
);

create index uploads_owner on uploads (owner_id, created_at);

create table security_events (
    id             bigint generated always as identity primary key,
    occurred_at    bigint not null,
    type           text   not null,
    username       text,
    client_address text,
    path           text,
    detail         text,
    request_id     text
);

create index security_events_time on security_events (occurred_at);
