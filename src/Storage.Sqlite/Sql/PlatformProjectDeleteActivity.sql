DELETE FROM platform_activity WHERE project = @project;
