SELECT grain_id, name, start_at, period, etag
FROM reminders
WHERE grain_id = @grain_id
ORDER BY name;
