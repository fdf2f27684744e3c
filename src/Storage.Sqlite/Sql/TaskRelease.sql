-- Gives back a leased task that did not run (its worker was killed for another task).
UPDATE tasks SET state = 0, attempts = attempts - 1, lease_owner = NULL, lease_until = NULL
WHERE queue_id = @id AND idx = @idx AND state = 1 AND lease_owner = @worker AND attempts = @attempt;
