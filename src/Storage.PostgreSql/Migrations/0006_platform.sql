-- Schema version 6: the crawling platform (Scrapy Cloud compatible), shared by every silo of
-- the cluster: projects, spiders, jobs, their items/logs/requests/samples, the activity log,
-- collections (with the history of versioned ones), frontiers and API users. JSON documents are
-- kept as text, exactly as written (jsonb would reorder their keys).

CREATE TABLE platform_projects (
    project  bigint PRIMARY KEY,
    settings text   NOT NULL DEFAULT '{}',
    created  bigint NOT NULL
);

CREATE TABLE platform_spiders (
    project bigint  NOT NULL,
    spider  integer NOT NULL,
    name    text    NOT NULL,
    tags    text    NOT NULL DEFAULT '[]',
    program text,
    PRIMARY KEY (project, spider),
    UNIQUE (project, name)
);

-- metadata is the whole job metadata object; the other columns are what queries select on.
CREATE TABLE platform_jobs (
    project    bigint   NOT NULL,
    spider     integer  NOT NULL,
    job        integer  NOT NULL,
    state      text     NOT NULL CHECK (state IN ('pending', 'running', 'finished', 'deleted')),
    priority   smallint NOT NULL CHECK (priority BETWEEN 0 AND 4),
    units      integer  NOT NULL CHECK (units > 0),
    ts         bigint   NOT NULL,
    unique_key text,
    run_key    text,
    token_hash bytea,
    metadata   text     NOT NULL,
    PRIMARY KEY (project, spider, job)
);
CREATE INDEX platform_jobs_by_state ON platform_jobs (project, state, ts);
CREATE INDEX platform_jobs_by_token ON platform_jobs (token_hash) WHERE token_hash IS NOT NULL;

-- kind: 0 items, 1 logs, 2 requests, 3 samples. A batch re-sent at the same start replaces its rows.
CREATE TABLE platform_job_data (
    project bigint   NOT NULL,
    kind    smallint NOT NULL,
    spider  integer  NOT NULL,
    job     integer  NOT NULL,
    idx     bigint   NOT NULL,
    ts      bigint   NOT NULL,
    data    text     NOT NULL,
    PRIMARY KEY (project, kind, spider, job, idx)
);

CREATE TABLE platform_activity (
    seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project bigint NOT NULL,
    ts      bigint NOT NULL,
    data    text   NOT NULL
);
CREATE INDEX platform_activity_by_project ON platform_activity (project, seq);

CREATE TABLE platform_collections (
    project bigint NOT NULL,
    type    text   NOT NULL CHECK (type IN ('s', 'cs', 'vs', 'vcs')),
    name    text   NOT NULL,
    key     text   COLLATE "C" NOT NULL,
    ts      bigint NOT NULL,
    value   text   NOT NULL,
    PRIMARY KEY (project, type, name, key)
);

-- The earlier values of keys of versioned collections (vs, vcs); seq grows per key.
CREATE TABLE platform_collection_versions (
    project bigint  NOT NULL,
    type    text    NOT NULL CHECK (type IN ('vs', 'vcs')),
    name    text    NOT NULL,
    key     text    COLLATE "C" NOT NULL,
    seq     integer NOT NULL,
    ts      bigint  NOT NULL,
    value   text    NOT NULL,
    PRIMARY KEY (project, type, name, key, seq)
);

CREATE TABLE platform_frontier_fingerprints (
    project  bigint NOT NULL,
    frontier text   NOT NULL,
    slot     text   NOT NULL,
    fp       text   NOT NULL,
    fdata    text,
    seq      bigint NOT NULL,
    PRIMARY KEY (project, frontier, slot, fp)
);

CREATE SEQUENCE platform_frontier_request_ids;

CREATE TABLE platform_frontier_requests (
    id       bigint  PRIMARY KEY,
    project  bigint  NOT NULL,
    frontier text    NOT NULL,
    slot     text    NOT NULL,
    priority integer NOT NULL,
    batch    text    NOT NULL,
    fp       text    NOT NULL,
    qdata    text
);
CREATE INDEX platform_frontier_requests_by_slot ON platform_frontier_requests (project, frontier, slot, priority, id);

CREATE TABLE platform_users (
    name     text    PRIMARY KEY,
    key_hash bytea   NOT NULL UNIQUE,
    projects text    NOT NULL,
    admin    boolean NOT NULL
);
