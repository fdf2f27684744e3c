-- Active queues with a task to lease: pending, or leased by a worker whose lease ran out.
SELECT q.id, q.bid
FROM task_queues AS q
WHERE q.status = 'active'
  AND (EXISTS (SELECT 1 FROM tasks AS t WHERE t.queue_id = q.id AND t.state = 0)
       OR EXISTS (SELECT 1 FROM tasks AS t WHERE t.queue_id = q.id AND t.state = 1 AND t.lease_until < @now));
