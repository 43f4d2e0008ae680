-- The front page lists posts newest first. With this index it reads one page in order instead of sorting every post.
create index posts_created on posts (created_at, id);
