SELECT key, ts, value FROM (
    SELECT key, ts, value, 2147483647 AS seq FROM platform_collections
    WHERE project = @project AND type = @type AND name = @name AND key = @key
    UNION ALL
    SELECT v.key, v.ts, v.value, v.seq FROM platform_collection_versions v
    WHERE v.project = @project AND v.type = @type AND v.name = @name AND v.key = @key
      AND EXISTS (SELECT 1 FROM platform_collections c
                  WHERE c.project = @project AND c.type = @type AND c.name = @name AND c.key = @key)
) AS versions
ORDER BY seq DESC;
