-- Deletes a record if it still has the ETag the grain read: 0 rows changed means a conflict.
DELETE FROM grain_state
WHERE store = @store AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
  AND etag = @etag;
