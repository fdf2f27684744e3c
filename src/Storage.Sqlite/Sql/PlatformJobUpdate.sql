UPDATE platform_jobs
SET state = @state, priority = @priority, units = @units, ts = @ts, unique_key = @unique_key,
    run_key = @run_key, token_hash = @token_hash, metadata = @metadata
WHERE project = @project AND spider = @spider AND job = @job;
