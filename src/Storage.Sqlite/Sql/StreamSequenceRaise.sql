-- Before retention deletes: remember the highest seq issued, so it is never issued again even if
-- the newest events are deleted.
UPDATE stream_sequence
SET value = MAX(value, COALESCE((SELECT MAX(seq) FROM stream_events), 0))
WHERE id = 1;
