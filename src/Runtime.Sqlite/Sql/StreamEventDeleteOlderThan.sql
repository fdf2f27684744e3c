-- Deletes at most @limit old events, so that retention never holds the writer for long; the
-- caller repeats while a full chunk was deleted.
DELETE FROM stream_events
WHERE seq IN (
    SELECT seq FROM stream_events
    WHERE provider = @provider AND appended < @cutoff
    LIMIT @limit);
