DELETE FROM tasks WHERE queue_id = @id;
