-- Schema version 2: appending an event writes two B-tree pages instead of four.
-- A commit's cost in WAL mode is the pages it writes, and a lone producer appending one event
-- at a time pays one commit per event. Version 1 also wrote sqlite_sequence (AUTOINCREMENT) and
-- an index on (provider, appended) on every append. Now:
--  * seq is the rowid, chosen by the insert as one more than the highest seq ever issued: the
--    last row's, or the high-water mark in stream_sequence, which retention raises before it
--    deletes, so a seq is still never reused;
--  * retention finds the first event young enough by walking seq order from the oldest event
--    (seq follows append time), so it needs no index on appended.

CREATE TABLE stream_sequence (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL -- no event will get a seq at or below this
);
INSERT INTO stream_sequence (id, value)
VALUES (1, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'stream_events'), 0));

CREATE TABLE stream_events_v2 (
    seq       INTEGER PRIMARY KEY,
    provider  TEXT    NOT NULL,
    namespace TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    payload   BLOB    NOT NULL,
    appended  INTEGER NOT NULL -- unix time, milliseconds
);
INSERT INTO stream_events_v2 (seq, provider, namespace, key, payload, appended)
SELECT seq, provider, namespace, key, payload, appended FROM stream_events ORDER BY seq;
DROP TABLE stream_events;
ALTER TABLE stream_events_v2 RENAME TO stream_events;
CREATE INDEX stream_events_by_stream ON stream_events (provider, namespace, key, seq);

PRAGMA user_version = 2;
