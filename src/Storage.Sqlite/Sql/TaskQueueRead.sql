SELECT id, owner, bid, status, definition, total, finished, failed, compute_ms, created, modified, last_outcome
FROM task_queues
WHERE id = @id AND status = 'active';
