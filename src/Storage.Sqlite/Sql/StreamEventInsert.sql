-- seq: one more than the highest ever issued (the last row's, or retention's high-water mark).
-- The new row's seq is then read with sqlite3_last_insert_rowid.
INSERT INTO stream_events (seq, provider, namespace, key, payload, appended)
SELECT MAX(COALESCE((SELECT MAX(seq) FROM stream_events), 0), mark.value) + 1,
       @provider, @namespace, @key, @payload, @appended
FROM stream_sequence AS mark
WHERE mark.id = 1;
