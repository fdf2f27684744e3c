DELETE FROM platform_collections WHERE project = @project AND type IN ('s', 'cs', 'vs', 'vcs') AND name = @name;
