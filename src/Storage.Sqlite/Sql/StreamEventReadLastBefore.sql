-- The last seq appended before @cutoff (0 when none), walking back from the newest event: its cost
-- follows the number of events appended since @cutoff.
SELECT COALESCE((SELECT seq FROM stream_events WHERE appended < @cutoff ORDER BY seq DESC LIMIT 1), 0);
