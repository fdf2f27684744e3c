-- Appends a batch of events to one stream key in one statement, with seqs chosen by the writer
-- (from StreamEventNextSeq.sql): event i of @events gets seq @first + i. @events is a JSON array
-- of objects {"n": namespace, "p": payload in hex}, so the stored payload is exactly the bytes given.
INSERT INTO stream_events (seq, provider, namespace, key, payload, appended)
SELECT @first + key, @provider, value ->> 'n', @key, unhex(value ->> 'p'), @appended
FROM json_each(@events);
