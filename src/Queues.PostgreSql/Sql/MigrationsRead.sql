SELECT coalesce(max(version), 0) FROM jobrt_queue_migrations;
