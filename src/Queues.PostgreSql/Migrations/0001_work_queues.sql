-- Work queues (ai4s.jobq's queues on PostgreSQL). A message is visible once visible_at has
-- passed; receiving it moves visible_at to the end of its visibility timeout and counts the
-- dequeue, and a receipt (id, dequeue_count) works only until the next dequeue.
CREATE TABLE jobrt_queue_messages (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue         text        NOT NULL,
    body          text        NOT NULL,
    visible_at    timestamptz NOT NULL DEFAULT now(),
    dequeue_count integer     NOT NULL DEFAULT 0,
    inserted      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobrt_queue_messages_visible ON jobrt_queue_messages (queue, visible_at, id);
