DELETE FROM platform_projects WHERE project = @project;
