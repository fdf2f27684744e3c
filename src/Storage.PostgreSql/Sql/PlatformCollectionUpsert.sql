INSERT INTO platform_collections (project, type, name, key, ts, value)
VALUES (@project, @type, @name, @key, @ts, @value)
ON CONFLICT (project, type, name, key) DO UPDATE SET ts = excluded.ts, value = excluded.value;
