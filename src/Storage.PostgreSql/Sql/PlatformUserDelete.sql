DELETE FROM platform_users WHERE name = @name;
