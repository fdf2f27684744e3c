SELECT idx, state, attempts, outcome, log FROM tasks WHERE queue_id = @id AND idx = @idx;
