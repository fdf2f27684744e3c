DELETE FROM platform_frontier_requests WHERE project = @project AND frontier = @frontier AND slot = @slot;
