-- Appends a stream event with a seq chosen by the writer (from StreamEventNextSeq.sql, counting up
-- within one transaction), so a batch computes the next seq once instead of once per event.
INSERT INTO stream_events (seq, provider, namespace, key, payload, appended)
VALUES (@seq, @provider, @namespace, @key, @payload, @appended);
