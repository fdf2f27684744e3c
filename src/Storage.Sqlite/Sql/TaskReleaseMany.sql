-- Gives back leased tasks that did not run (their worker was killed for another task), in one
-- statement. @tasks is a JSON array of [index, attempt] pairs; a task is given back only under
-- the lease it was leased with. MATERIALIZED: see TaskCompleteMany.sql.
WITH r (i, a) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(@tasks))
UPDATE tasks SET state = 0, attempts = attempts - 1, lease_owner = NULL, lease_until = NULL
FROM r
WHERE tasks.queue_id = @id AND tasks.idx = r.i AND tasks.state = 1 AND tasks.lease_owner = @worker AND tasks.attempts = r.a;
