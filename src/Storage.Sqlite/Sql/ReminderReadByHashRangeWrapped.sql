-- The reminders of grains whose hash is in (@begin, 2^32) or [0, @end], for @begin >= @end: the
-- range wraps around the end of the ring (begin = end is the whole ring).
SELECT grain_id, name, start_at, period, etag
FROM reminders
WHERE grain_hash > @begin OR grain_hash <= @end;
