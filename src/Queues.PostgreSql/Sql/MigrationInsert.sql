INSERT INTO jobrt_queue_migrations (version, name) VALUES (@version, @name);
