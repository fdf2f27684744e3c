DELETE FROM platform_collection_versions WHERE project = @project AND type IN ('vs', 'vcs') AND name = @name;
