-- The seq the next stream event gets: one more than the highest ever issued (see StreamEventInsert.sql).
SELECT MAX(COALESCE((SELECT MAX(seq) FROM stream_events), 0), mark.value) + 1
FROM stream_sequence AS mark
WHERE mark.id = 1;
