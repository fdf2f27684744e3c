SELECT project, spider, job, state, priority, units, ts, unique_key, run_key, token_hash, metadata
FROM platform_jobs WHERE project = @project AND spider = @spider AND job = @job;
