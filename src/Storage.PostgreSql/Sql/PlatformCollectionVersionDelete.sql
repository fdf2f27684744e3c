DELETE FROM platform_collection_versions WHERE project = @project AND type = @type AND name = @name AND key = @key;
