INSERT OR REPLACE INTO platform_collections (project, type, name, key, ts, value)
VALUES (@project, @type, @name, @key, @ts, @value);
