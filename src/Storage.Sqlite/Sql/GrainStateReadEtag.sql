SELECT etag
FROM grain_state
WHERE store = @store AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;
