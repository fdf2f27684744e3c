SELECT DISTINCT frontier FROM platform_frontier_fingerprints WHERE project = @project ORDER BY frontier;
