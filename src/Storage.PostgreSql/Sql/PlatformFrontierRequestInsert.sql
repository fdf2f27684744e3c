INSERT INTO platform_frontier_requests (id, project, frontier, slot, priority, batch, fp, qdata)
VALUES (@id, @project, @frontier, @slot, @priority, @batch, @fp, @qdata::text);
