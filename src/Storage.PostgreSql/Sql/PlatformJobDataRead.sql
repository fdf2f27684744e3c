SELECT spider, job, idx, ts, data FROM platform_job_data
WHERE project = @project AND kind = @kind
  AND (@spider::integer IS NULL OR spider = @spider::integer)
  AND (@job::integer IS NULL OR job = @job::integer)
  AND (@from_spider::integer IS NULL OR (spider, job, idx) >= (@from_spider::integer, @from_job::integer, @from_idx::bigint))
  AND (@start_ts::bigint IS NULL OR ts >= @start_ts::bigint)
  AND (@end_ts::bigint IS NULL OR ts < @end_ts::bigint)
  -- The same bounds again as one range of the primary key, so a page read from a position seeks
  -- to it instead of scanning from the first record (the optional conditions above cannot).
  AND (spider, job, idx) >= (COALESCE(@from_spider::integer, @spider::integer, 0), COALESCE(@from_job::integer, @job::integer, 0), COALESCE(@from_idx::bigint, 0))
  AND (spider, job) <= (COALESCE(@spider::integer, 2147483647), COALESCE(@job::integer, 2147483647))
ORDER BY spider, job, idx
LIMIT @limit::bigint;
