-- Leases the first available tasks of a queue: pending ones, then leased ones whose lease ran
-- out. Each half walks the tasks_open index for one state, so a lease never scans ended tasks.
UPDATE tasks
SET state = 1, attempts = attempts + 1, lease_owner = @worker, lease_until = @until
WHERE queue_id = @id AND idx IN (
    SELECT idx FROM (
        SELECT idx FROM (SELECT idx FROM tasks WHERE queue_id = @id AND state = 0 ORDER BY idx LIMIT @max)
        UNION ALL
        SELECT idx FROM (SELECT idx FROM tasks WHERE queue_id = @id AND state = 1 AND lease_until < @now ORDER BY idx LIMIT @max))
    LIMIT @max)
RETURNING idx, payload, attempts;
