UPDATE task_queues SET status = 'deleted', modified = @now WHERE id = @id AND status = 'active';
