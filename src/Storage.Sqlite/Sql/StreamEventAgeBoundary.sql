-- The first seq appended at or after @cutoff (or one past the last event): every event below it
-- is older than @cutoff. Walks seq order from the oldest event, so its cost follows the number of
-- old events, which retention is about to delete anyway.
SELECT COALESCE(
    (SELECT seq FROM stream_events WHERE appended >= @cutoff ORDER BY seq LIMIT 1),
    (SELECT MAX(seq) + 1 FROM stream_events),
    0);
