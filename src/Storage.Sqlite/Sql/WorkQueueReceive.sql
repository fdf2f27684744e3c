-- Receives the first visible messages of a queue: hides them until @until and counts the dequeue.
UPDATE work_queue_messages
SET visible_at = @until, dequeue_count = dequeue_count + 1
WHERE id IN (SELECT id FROM work_queue_messages
             WHERE queue = @queue AND visible_at <= @now
             ORDER BY visible_at, id LIMIT @max)
RETURNING id, body, dequeue_count;
