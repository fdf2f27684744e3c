-- Leases the first available tasks of a queue: pending ones, then leased ones whose lease ran
-- out. Each half walks the tasks_open index for one state, so a lease never scans ended tasks.
-- SQLite uses a partial index only when the query repeats its condition (state < 2), hence the
-- redundant terms; INDEXED BY makes a plan that walks the whole queue an error instead.
UPDATE tasks
SET state = 1, attempts = attempts + 1, lease_owner = @worker, lease_until = @until
WHERE queue_id = @id AND idx IN (
    SELECT idx FROM (
        SELECT idx FROM (SELECT idx FROM tasks INDEXED BY tasks_open
                         WHERE queue_id = @id AND state = 0 AND state < 2 ORDER BY idx LIMIT @max)
        UNION ALL
        SELECT idx FROM (SELECT idx FROM tasks INDEXED BY tasks_open
                         WHERE queue_id = @id AND state = 1 AND state < 2 AND lease_until < @now ORDER BY idx LIMIT @max))
    LIMIT @max)
RETURNING idx, payload, attempts;
