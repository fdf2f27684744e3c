SELECT grain_type, grain_key, name, start_at, period
FROM reminders
ORDER BY grain_type, grain_key, name;
