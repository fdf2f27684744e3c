-- Inserts a batch of tasks in one statement. @tasks is a JSON array of strings, each the exact
-- JSON text of one task (strings, so numbers and spacing are kept as submitted): task i gets
-- index @first + i.
INSERT INTO tasks (queue_id, idx, state, payload)
SELECT @id, @first + key, 0, value
FROM json_each(@tasks);
