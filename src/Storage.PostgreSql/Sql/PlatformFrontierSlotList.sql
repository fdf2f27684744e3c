SELECT DISTINCT slot FROM platform_frontier_fingerprints WHERE project = @project AND frontier = @frontier ORDER BY slot;
