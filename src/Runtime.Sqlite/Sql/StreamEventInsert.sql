-- The new row's seq (its rowid) is read with sqlite3_last_insert_rowid.
INSERT INTO stream_events (provider, namespace, key, payload, appended)
VALUES (@provider, @namespace, @key, @payload, @appended);
