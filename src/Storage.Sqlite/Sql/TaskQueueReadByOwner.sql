SELECT id, owner, bid, status, definition, total, finished, failed, compute_ms, created, modified, last_outcome
FROM task_queues
WHERE owner = @owner AND status = 'active'
ORDER BY created DESC;
