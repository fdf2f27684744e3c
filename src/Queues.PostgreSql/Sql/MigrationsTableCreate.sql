-- The queues' own record of applied migrations (apart from any other schema in the database).
CREATE TABLE IF NOT EXISTS jobrt_queue_migrations (
    version integer     PRIMARY KEY,
    name    text        NOT NULL,
    applied timestamptz NOT NULL DEFAULT now()
);
