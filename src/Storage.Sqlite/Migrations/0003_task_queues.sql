-- Schema version 3: task queues, the durable side of jobs. A queue holds a job's definition and
-- counters; its tasks move pending (0) -> leased (1) -> done (2) or failed (3). A worker leases
-- tasks for a time; a lease that runs out makes the task available again (the worker died), and
-- an outcome is recorded only by the holder of the current lease, so each task ends once.

CREATE TABLE task_queues (
    id           TEXT    PRIMARY KEY,
    owner        TEXT    NOT NULL,
    bid          REAL    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('active', 'deleted')),
    definition   BLOB    NOT NULL,
    total        INTEGER NOT NULL DEFAULT 0,
    finished     INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    compute_ms   INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL, -- unix time, milliseconds
    modified     INTEGER NOT NULL,
    last_outcome INTEGER
);
CREATE INDEX task_queues_by_owner ON task_queues (owner, created);

CREATE TABLE tasks (
    queue_id    TEXT    NOT NULL,
    idx         INTEGER NOT NULL,
    state       INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)),
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    payload     BLOB    NOT NULL,
    outcome     BLOB,
    log         BLOB,
    PRIMARY KEY (queue_id, idx)
) WITHOUT ROWID;
-- Lease scans only look at tasks not yet ended.
CREATE INDEX tasks_open ON tasks (queue_id, state, idx) WHERE state < 2;

PRAGMA user_version = 3;
