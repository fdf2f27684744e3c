-- Leases the first available tasks of a queue (pending, or leased with an expired lease).
UPDATE tasks
SET state = 1, attempts = attempts + 1, lease_owner = @worker, lease_until = @until
WHERE queue_id = @id AND idx IN (
    SELECT idx FROM tasks
    WHERE queue_id = @id AND (state = 0 OR (state = 1 AND lease_until < @now))
    ORDER BY idx
    LIMIT @max)
RETURNING idx, payload, attempts;
