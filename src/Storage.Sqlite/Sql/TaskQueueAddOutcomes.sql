UPDATE task_queues
SET finished = finished + @finished, failed = failed + @failed, compute_ms = compute_ms + @compute_ms,
    modified = @now, last_outcome = @now
WHERE id = @id;
