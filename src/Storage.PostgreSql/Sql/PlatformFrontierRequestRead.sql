SELECT batch, fp, qdata FROM platform_frontier_requests
WHERE project = @project AND frontier = @frontier AND slot = @slot
ORDER BY priority, id;
