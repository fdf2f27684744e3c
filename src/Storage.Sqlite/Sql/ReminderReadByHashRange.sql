-- The reminders of grains whose hash is in (@begin, @end], for @begin < @end.
SELECT grain_id, name, start_at, period, etag
FROM reminders
WHERE grain_hash > @begin AND grain_hash <= @end;
