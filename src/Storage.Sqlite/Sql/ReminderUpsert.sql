INSERT INTO reminders (grain_type, grain_key, name, start_at, period)
VALUES (@grain_type, @grain_key, @name, @start_at, @period)
ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period;
