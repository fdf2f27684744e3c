SELECT seq, payload, appended
FROM stream_events
WHERE provider = @provider AND namespace = @namespace AND key = @key AND seq > @after
ORDER BY seq
LIMIT @max_count;
