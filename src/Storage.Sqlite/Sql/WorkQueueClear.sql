-- Deletes every message of a queue.
DELETE FROM work_queue_messages WHERE queue = @queue;
