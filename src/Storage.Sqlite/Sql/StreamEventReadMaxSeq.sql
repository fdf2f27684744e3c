-- The highest seq in the log, of any provider: a rowid lookup, so polling it is cheap.
SELECT COALESCE(MAX(seq), 0) FROM stream_events;
