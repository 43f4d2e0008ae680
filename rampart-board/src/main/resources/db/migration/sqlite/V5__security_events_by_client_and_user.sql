-- The admin event list filters by client address or username within a time window, newest first. Without these
-- indexes, each filtered page and its count scan the whole table, which grows with every rejected request.
create index security_events_client_time on security_events (client_address, occurred_at);
create index security_events_username_time on security_events (username, occurred_at);
