-- The admin event list filters by type and shows the newest first. Without this index, every filtered page and
-- its count scan the whole table, which grows with each login failure and rejected request.
create index security_events_type_time on security_events (type, occurred_at);
