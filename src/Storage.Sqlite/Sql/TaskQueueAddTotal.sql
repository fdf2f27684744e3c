-- Reserves indexes for appended tasks; returns the new total (the last index reserved + 1).
UPDATE task_queues SET total = total + @count, modified = @now
WHERE id = @id AND status = 'active'
RETURNING total;
