-- How many messages a queue holds, visible or not.
SELECT count(*) FROM work_queue_messages WHERE queue = @queue;
