SELECT COALESCE(MAX(seq), 0)
FROM stream_events
WHERE provider = @provider AND namespace = @namespace AND key = @key;
