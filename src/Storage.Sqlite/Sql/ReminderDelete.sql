DELETE FROM reminders
WHERE grain_type = @grain_type AND grain_key = @grain_key AND name = @name;
