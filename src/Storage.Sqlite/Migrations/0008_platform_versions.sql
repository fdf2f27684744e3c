-- Versioned collections (vs, vcs) keep the earlier values of a key: seq grows per key, the
-- store trims all but the newest ones after each set; the current value stays in
-- platform_collections.

CREATE TABLE platform_collection_versions (
    project INTEGER NOT NULL,
    type    TEXT NOT NULL CHECK (type IN ('vs', 'vcs')),
    name    TEXT NOT NULL,
    key     TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    ts      INTEGER NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (project, type, name, key, seq)
) WITHOUT ROWID;

PRAGMA user_version = 8;
