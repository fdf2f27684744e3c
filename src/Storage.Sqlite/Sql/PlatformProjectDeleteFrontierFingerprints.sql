DELETE FROM platform_frontier_fingerprints WHERE project = @project;
