-- Records a task's outcome; only the holder of the current lease can, so a task ends once.
UPDATE tasks SET state = @state, outcome = @outcome, log = @log, lease_owner = NULL, lease_until = NULL
WHERE queue_id = @id AND idx = @idx AND state = 1 AND lease_owner = @worker AND attempts = @attempt;
