INSERT INTO reminders (grain_id, grain_hash, name, start_at, period, etag)
VALUES (@grain_id, @grain_hash, @name, @start_at, @period, @etag)
ON CONFLICT (grain_id, name) DO UPDATE
SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag;
