-- Deletes a received message, under its latest receipt only.
DELETE FROM work_queue_messages WHERE id = @id AND queue = @queue AND dequeue_count = @count;
