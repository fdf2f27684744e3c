INSERT INTO task_queues (id, owner, bid, status, definition, created, modified)
VALUES (@id, @owner, @bid, 'active', @definition, @now, @now);
