-- Deletes a reminder if it still has the ETag the caller read: 0 rows changed means it was
-- replaced or removed meanwhile.
DELETE FROM reminders
WHERE grain_id = @grain_id AND name = @name AND etag = @etag;
