-- Hides a received message until @until, under its latest receipt only.
UPDATE work_queue_messages SET visible_at = @until
WHERE id = @id AND queue = @queue AND dequeue_count = @count;
