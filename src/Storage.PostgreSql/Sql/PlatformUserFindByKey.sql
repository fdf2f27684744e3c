SELECT name, key_hash, projects, admin FROM platform_users WHERE key_hash = @key_hash;
