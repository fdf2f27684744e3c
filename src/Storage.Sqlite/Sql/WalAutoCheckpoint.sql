-- Checkpoint (copy the WAL into the database file, with a sync) after 8192 pages (32 MiB with
-- 4 KiB pages) instead of SQLite's 1000: checkpoints run on the committing connection, and each
-- one costs a disk sync; rarer checkpoints also copy a hot page once for many commits.
PRAGMA wal_autocheckpoint = 8192;
