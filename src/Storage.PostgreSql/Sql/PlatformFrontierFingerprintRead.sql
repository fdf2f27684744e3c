SELECT fp FROM platform_frontier_fingerprints WHERE project = @project AND frontier = @frontier AND slot = @slot ORDER BY seq, fp;
