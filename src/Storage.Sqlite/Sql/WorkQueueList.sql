-- Every queue that holds messages: how many, and how many are received and not yet visible again (leased by a worker).
SELECT queue,
       count(*) AS messages,
       sum(CASE WHEN dequeue_count > 0 AND visible_at > @now THEN 1 ELSE 0 END) AS leased
FROM work_queue_messages
GROUP BY queue
ORDER BY queue;
