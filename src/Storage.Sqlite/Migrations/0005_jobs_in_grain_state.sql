-- Schema version 5: jobs keep their tasks in chunk grains (grain state), no longer in task
-- queues; the tables of version 3 go. Jobs created before this version are not carried over.

DROP TABLE tasks;
DROP TABLE task_queues;

PRAGMA user_version = 5;
