-- Replaces a received message (under its latest receipt) by a new one in the target queue.
WITH gone AS (
    DELETE FROM jobrt_queue_messages WHERE id = @id AND queue = @queue AND dequeue_count = @count RETURNING id
)
INSERT INTO jobrt_queue_messages (queue, body)
SELECT @target, @body FROM gone;
