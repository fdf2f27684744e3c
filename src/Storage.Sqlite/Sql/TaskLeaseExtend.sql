-- Keeps a running batch's leases alive (the worker's heartbeat).
UPDATE tasks SET lease_until = @until
WHERE queue_id = @id AND state = 1 AND lease_owner = @worker;
