INSERT INTO platform_jobs (project, spider, job, state, priority, units, ts, unique_key, run_key, token_hash, metadata)
SELECT @project, @spider, COALESCE(MAX(job), 0) + 1, @state, @priority, @units, @ts, @unique_key::text, @run_key::text, @token_hash::bytea, @metadata
FROM platform_jobs WHERE project = @project AND spider = @spider
RETURNING job;
