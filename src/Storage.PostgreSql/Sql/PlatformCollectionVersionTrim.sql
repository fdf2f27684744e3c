DELETE FROM platform_collection_versions
WHERE project = @project AND type = @type AND name = @name AND key = @key
  AND seq <= (SELECT MAX(v.seq) FROM platform_collection_versions v
              WHERE v.project = @project AND v.type = @type AND v.name = @name AND v.key = @key) - @keep;
