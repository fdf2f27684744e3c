-- Hides a received message for another timeout, under its latest receipt only.
UPDATE jobrt_queue_messages SET visible_at = now() + make_interval(secs => @visibility)
WHERE id = @id AND queue = @queue AND dequeue_count = @count;
