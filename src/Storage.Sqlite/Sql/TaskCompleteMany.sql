-- Records a batch of outcomes in one statement; only the holder of a task's current lease can
-- record it, so a task ends once. @outcomes is a JSON array of objects, one per task:
-- {"i": index, "a": attempt, "s": state (2 done, 3 failed), "o": outcome, "l": log or null},
-- the payloads in hex so that the stored BLOBs are exactly the bytes given. An index appears at
-- most once per attempt. Returns the index and attempt of each task recorded; the others' leases
-- were lost.
-- MATERIALIZED makes the batch the outer loop, each item finding its task by primary key;
-- otherwise the planner walks the whole queue and scans the batch for every task.
WITH o (i, a, s, o, l) AS MATERIALIZED (
    SELECT value ->> 'i', value ->> 'a', value ->> 's', value ->> 'o', value ->> 'l' FROM json_each(@outcomes))
UPDATE tasks
SET state = o.s, outcome = unhex(o.o), log = unhex(o.l), lease_owner = NULL, lease_until = NULL
FROM o
WHERE tasks.queue_id = @id AND tasks.idx = o.i AND tasks.state = 1 AND tasks.lease_owner = @worker AND tasks.attempts = o.a
RETURNING idx, attempts;
