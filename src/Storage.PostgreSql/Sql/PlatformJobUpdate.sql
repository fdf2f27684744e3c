UPDATE platform_jobs
SET state = @state, priority = @priority, units = @units, ts = @ts, unique_key = @unique_key::text,
    run_key = @run_key::text, token_hash = @token_hash::bytea, metadata = @metadata
WHERE project = @project AND spider = @spider AND job = @job;
