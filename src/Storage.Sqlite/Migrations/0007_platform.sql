-- The crawling platform (Scrapy Cloud compatible): projects, spiders, jobs, their data,
-- the activity log, collections, frontiers and API users.

CREATE TABLE platform_projects (
    project  INTEGER PRIMARY KEY,
    settings TEXT NOT NULL DEFAULT '{}',
    created  INTEGER NOT NULL
);

CREATE TABLE platform_spiders (
    project INTEGER NOT NULL,
    spider  INTEGER NOT NULL,
    name    TEXT NOT NULL,
    tags    TEXT NOT NULL DEFAULT '[]',
    program TEXT,
    PRIMARY KEY (project, spider),
    UNIQUE (project, name)
) WITHOUT ROWID;

-- metadata is the whole job metadata object; the other columns are what queries select on.
CREATE TABLE platform_jobs (
    project    INTEGER NOT NULL,
    spider     INTEGER NOT NULL,
    job        INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'running', 'finished', 'deleted')),
    priority   INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 4),
    units      INTEGER NOT NULL CHECK (units > 0),
    ts         INTEGER NOT NULL,
    unique_key TEXT,
    run_key    TEXT,
    token_hash BLOB,
    metadata   TEXT NOT NULL,
    PRIMARY KEY (project, spider, job)
) WITHOUT ROWID;
CREATE INDEX platform_jobs_by_state ON platform_jobs (project, state, ts);
CREATE INDEX platform_jobs_by_token ON platform_jobs (token_hash) WHERE token_hash IS NOT NULL;

-- kind: 0 items, 1 logs, 2 requests, 3 samples. A batch re-sent at the same start replaces its rows.
CREATE TABLE platform_job_data (
    project INTEGER NOT NULL,
    spider  INTEGER NOT NULL,
    job     INTEGER NOT NULL,
    kind    INTEGER NOT NULL,
    idx     INTEGER NOT NULL,
    ts      INTEGER NOT NULL,
    data    TEXT NOT NULL,
    PRIMARY KEY (project, kind, spider, job, idx)
) WITHOUT ROWID;

CREATE TABLE platform_activity (
    seq     INTEGER PRIMARY KEY,
    project INTEGER NOT NULL,
    ts      INTEGER NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX platform_activity_by_project ON platform_activity (project, seq);

CREATE TABLE platform_collections (
    project INTEGER NOT NULL,
    type    TEXT NOT NULL CHECK (type IN ('s', 'cs', 'vs', 'vcs')),
    name    TEXT NOT NULL,
    key     TEXT NOT NULL,
    ts      INTEGER NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (project, type, name, key)
) WITHOUT ROWID;

CREATE TABLE platform_frontier_fingerprints (
    project  INTEGER NOT NULL,
    frontier TEXT NOT NULL,
    slot     TEXT NOT NULL,
    fp       TEXT NOT NULL,
    fdata    TEXT,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (project, frontier, slot, fp)
) WITHOUT ROWID;

CREATE TABLE platform_frontier_requests (
    id       INTEGER PRIMARY KEY,
    project  INTEGER NOT NULL,
    frontier TEXT NOT NULL,
    slot     TEXT NOT NULL,
    priority INTEGER NOT NULL,
    batch    TEXT NOT NULL,
    fp       TEXT NOT NULL,
    qdata    TEXT
);
CREATE INDEX platform_frontier_requests_by_slot ON platform_frontier_requests (project, frontier, slot, priority, id);

CREATE TABLE platform_users (
    name     TEXT PRIMARY KEY,
    key_hash BLOB NOT NULL UNIQUE,
    projects TEXT NOT NULL,
    admin    INTEGER NOT NULL
);

PRAGMA user_version = 7;
