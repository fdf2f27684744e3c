-- Schema version 4: the tables of Orleans' providers.
--  * reminders is keyed by Orleans' grain id ("type/key") and carries the grain's uniform hash,
--    so that each silo reads the reminders of its range of the hash ring, and an ETag drawn from
--    one counter per file (never issued twice), so that a stale remover cannot delete a newer row.
--    The old rows are dropped: they name grains in the format of the runtime before Orleans, and
--    Orleans' hash of a grain id cannot be computed in SQL.
--  * stream_subscriptions goes: Orleans keeps subscriptions in the grain storage "PubSubStore".

DROP TABLE reminders;
CREATE TABLE reminders (
    grain_id   TEXT    NOT NULL, -- GrainId.ToString(), "type/key"
    grain_hash INTEGER NOT NULL, -- GrainId.GetUniformHashCode(), 0 .. 4294967295
    name       TEXT    NOT NULL,
    start_at   INTEGER NOT NULL, -- UTC, in ticks (100 ns) since 0001-01-01
    period     INTEGER NOT NULL, -- ticks
    etag       INTEGER NOT NULL,
    PRIMARY KEY (grain_id, name)
);
CREATE INDEX reminders_by_hash ON reminders (grain_hash);

-- A single-row counter: the last reminder ETag issued.
CREATE TABLE reminder_version (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO reminder_version (id, value) VALUES (1, 0);

DROP TABLE stream_subscriptions;

PRAGMA user_version = 4;
