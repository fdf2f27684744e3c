DELETE FROM platform_frontier_requests WHERE project = @project;
