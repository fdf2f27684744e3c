INSERT INTO platform_collection_versions (project, type, name, key, seq, ts, value)
SELECT c.project, c.type, c.name, c.key,
       (SELECT COALESCE(MAX(v.seq), 0) + 1 FROM platform_collection_versions v
        WHERE v.project = @project AND v.type = @type AND v.name = @name AND v.key = @key),
       c.ts, c.value
FROM platform_collections c
WHERE c.project = @project AND c.type = @type AND c.name = @name AND c.key = @key;
