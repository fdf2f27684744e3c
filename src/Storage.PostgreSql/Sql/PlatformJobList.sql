SELECT project, spider, job, state, priority, units, ts, unique_key, run_key, token_hash, metadata
FROM platform_jobs
WHERE project = @project
  AND (@spider::integer IS NULL OR spider = @spider::integer)
  AND (@states::text[] IS NULL OR state = ANY (@states::text[]))
  AND (@start_ts::bigint IS NULL OR ts >= @start_ts::bigint)
  AND (@end_ts::bigint IS NULL OR ts < @end_ts::bigint)
ORDER BY ts DESC, spider DESC, job DESC;
