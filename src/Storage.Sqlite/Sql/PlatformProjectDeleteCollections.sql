DELETE FROM platform_collections WHERE project = @project;
