-- Appends messages to a queue in order, visible at once.
INSERT INTO jobrt_queue_messages (queue, body)
SELECT @queue, body FROM unnest(@bodies::text[]) WITH ORDINALITY AS b(body, n) ORDER BY n;
