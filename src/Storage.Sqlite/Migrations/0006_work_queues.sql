-- Schema version 6: work queues (ai4s.jobq's queues on the embedded engine). A message is
-- visible when visible_at (unix ms) has passed; receiving it pushes visible_at to the end of its
-- visibility timeout and counts the dequeue, and the receipt (id, dequeue_count) works only
-- until the next dequeue. Queues are their names: a queue with no rows is empty.

CREATE TABLE work_queue_messages (
    id            INTEGER PRIMARY KEY,
    queue         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    visible_at    INTEGER NOT NULL,
    dequeue_count INTEGER NOT NULL DEFAULT 0,
    inserted      INTEGER NOT NULL
);
-- Receives walk the visible messages of one queue in order.
CREATE INDEX work_queue_messages_visible ON work_queue_messages (queue, visible_at, id);

PRAGMA user_version = 6;
