SELECT spider, job, idx, ts, data FROM platform_job_data
WHERE project = @project AND kind = @kind
  AND (@spider::integer IS NULL OR spider = @spider::integer)
  AND (@job::integer IS NULL OR job = @job::integer)
  AND (@from_spider::integer IS NULL OR (spider, job, idx) >= (@from_spider::integer, @from_job::integer, @from_idx::bigint))
  AND (@start_ts::bigint IS NULL OR ts >= @start_ts::bigint)
  AND (@end_ts::bigint IS NULL OR ts < @end_ts::bigint)
ORDER BY spider, job, idx
LIMIT @limit::bigint;
