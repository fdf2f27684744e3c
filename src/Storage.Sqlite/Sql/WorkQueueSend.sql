-- Appends one message to a queue, visible at once.
INSERT INTO work_queue_messages (queue, body, visible_at, dequeue_count, inserted)
VALUES (@queue, @body, @now, 0, @now);
