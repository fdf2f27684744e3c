-- Appends messages to a queue, visible at once. @bodies is a JSON array of strings.
INSERT INTO work_queue_messages (queue, body, visible_at, dequeue_count, inserted)
SELECT @queue, value, @now, 0, @now FROM json_each(@bodies) ORDER BY key;
