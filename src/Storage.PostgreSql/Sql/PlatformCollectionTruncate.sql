DELETE FROM platform_collections WHERE project = @project AND name = @name;
