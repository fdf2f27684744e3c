-- The first visible messages of a queue, without receiving them.
SELECT body FROM work_queue_messages
WHERE queue = @queue AND visible_at <= @now
ORDER BY visible_at, id LIMIT @max;
