SELECT project, spider, job, state, priority, units, ts, unique_key, run_key, token_hash, metadata
FROM platform_jobs
WHERE project = @project
  AND (@spider IS NULL OR spider = @spider)
  AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
  AND (@start_ts IS NULL OR ts >= @start_ts)
  AND (@end_ts IS NULL OR ts < @end_ts)
ORDER BY ts DESC, spider DESC, job DESC;
