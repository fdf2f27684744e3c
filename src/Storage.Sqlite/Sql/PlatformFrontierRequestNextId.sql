SELECT COALESCE(MAX(id), 0) + 1 FROM platform_frontier_requests;
