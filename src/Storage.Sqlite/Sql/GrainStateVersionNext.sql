-- The next ETag: unique in this file for ever.
UPDATE grain_state_version SET value = value + 1 WHERE id = 1 RETURNING value;
