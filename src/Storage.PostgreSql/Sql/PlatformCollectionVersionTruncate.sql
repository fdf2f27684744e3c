DELETE FROM platform_collection_versions WHERE project = @project AND name = @name;
