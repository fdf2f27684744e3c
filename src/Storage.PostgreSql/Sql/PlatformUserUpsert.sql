INSERT INTO platform_users (name, key_hash, projects, admin) VALUES (@name, @key_hash, @projects, @admin)
ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, projects = excluded.projects, admin = excluded.admin;
