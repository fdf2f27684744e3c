SELECT grain_type, grain_key, name, start_at, period
FROM reminders
WHERE grain_type = @grain_type AND grain_key = @grain_key
ORDER BY name;
