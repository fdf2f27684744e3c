-- Receives the first visible messages of a queue: rows other receivers hold are skipped, the
-- picked ones are hidden until the visibility timeout ends and their dequeue counted.
WITH picked AS (
    SELECT id FROM jobrt_queue_messages
    WHERE queue = @queue AND visible_at <= now()
    ORDER BY visible_at, id
    LIMIT @max
    FOR UPDATE SKIP LOCKED
)
UPDATE jobrt_queue_messages m
SET visible_at = now() + make_interval(secs => @visibility), dequeue_count = m.dequeue_count + 1
FROM picked WHERE m.id = picked.id
RETURNING m.id, m.body, m.dequeue_count;
