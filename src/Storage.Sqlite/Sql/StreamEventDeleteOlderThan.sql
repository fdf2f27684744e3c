-- Deletes at most @limit of a provider's events below @boundary (see StreamEventAgeBoundary.sql),
-- so that retention never holds the writer for long; the caller repeats while a full chunk went.
DELETE FROM stream_events
WHERE seq IN (
    SELECT seq FROM stream_events
    WHERE seq < @boundary AND provider = @provider
    ORDER BY seq
    LIMIT @limit);
