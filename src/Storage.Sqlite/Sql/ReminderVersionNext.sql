-- The next reminder ETag: unique in this file for ever.
UPDATE reminder_version SET value = value + 1 WHERE id = 1 RETURNING value;
