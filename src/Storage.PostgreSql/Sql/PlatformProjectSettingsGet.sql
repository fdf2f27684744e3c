SELECT settings FROM platform_projects WHERE project = @project;
