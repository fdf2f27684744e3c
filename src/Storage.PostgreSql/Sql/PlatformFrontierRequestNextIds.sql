SELECT nextval('platform_frontier_request_ids') FROM generate_series(1, @count);
