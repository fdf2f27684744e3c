-- Schema version 1: grain state, reminders, durable stream events and stream subscriptions.
-- Every migration ends by setting user_version to its own number, inside its transaction.

-- Grain state records, one per (store, grain, state name). etag is the record's version: a
-- number drawn from grain_state_version on every write, so an ETag is never issued twice (not
-- even after a record is cleared and written again).
CREATE TABLE grain_state (
    store      TEXT    NOT NULL,
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    etag       INTEGER NOT NULL,
    payload    BLOB    NOT NULL,
    modified   TEXT    NOT NULL, -- ISO 8601 UTC
    PRIMARY KEY (store, grain_type, grain_key, state_name)
);

-- A single-row counter: the last ETag issued.
CREATE TABLE grain_state_version (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO grain_state_version (id, value) VALUES (1, 0);

-- Reminders, one per (grain, name).
CREATE TABLE reminders (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    start_at   INTEGER NOT NULL, -- UTC, in ticks (100 ns) since 0001-01-01
    period     INTEGER NOT NULL, -- ticks
    PRIMARY KEY (grain_type, grain_key, name)
);

-- Durable stream events. seq is global and never reused (AUTOINCREMENT), so it increases within
-- every stream and serves as the event's sequence token.
CREATE TABLE stream_events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    provider  TEXT    NOT NULL,
    namespace TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    payload   BLOB    NOT NULL,
    appended  INTEGER NOT NULL -- unix time, milliseconds
);
CREATE INDEX stream_events_by_stream ON stream_events (provider, namespace, key, seq);
-- Retention deletes by age without scanning the table.
CREATE INDEX stream_events_by_age ON stream_events (provider, appended);

-- Subscriptions of grains to streams; cursor is the sequence number of the last event delivered.
CREATE TABLE stream_subscriptions (
    provider    TEXT    NOT NULL,
    handle_id   TEXT    NOT NULL, -- Guid, "D" format
    namespace   TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    subscriber  TEXT    NOT NULL, -- grain id, "type/key"
    cursor      INTEGER NOT NULL,
    is_implicit INTEGER NOT NULL CHECK (is_implicit IN (0, 1)),
    PRIMARY KEY (provider, handle_id)
);
CREATE INDEX stream_subscriptions_by_stream ON stream_subscriptions (provider, namespace, key);
CREATE INDEX stream_subscriptions_by_subscriber ON stream_subscriptions (provider, subscriber);

PRAGMA user_version = 1;
