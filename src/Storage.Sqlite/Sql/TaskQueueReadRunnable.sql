-- Active queues with a task to lease: pending, or leased by a worker whose lease ran out. The
-- repeated state < 2 lets SQLite use the partial index tasks_open (see TaskLease.sql).
SELECT q.id, q.bid
FROM task_queues AS q
WHERE q.status = 'active'
  AND (EXISTS (SELECT 1 FROM tasks AS t INDEXED BY tasks_open WHERE t.queue_id = q.id AND t.state = 0 AND t.state < 2)
       OR EXISTS (SELECT 1 FROM tasks AS t INDEXED BY tasks_open WHERE t.queue_id = q.id AND t.state = 1 AND t.state < 2 AND t.lease_until < @now));
