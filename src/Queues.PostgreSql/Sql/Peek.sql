SELECT body FROM jobrt_queue_messages
WHERE queue = @queue AND visible_at <= now()
ORDER BY visible_at, id LIMIT @max;
