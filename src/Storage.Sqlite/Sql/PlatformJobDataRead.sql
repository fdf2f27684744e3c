SELECT spider, job, idx, ts, data FROM platform_job_data
WHERE project = @project AND kind = @kind
  AND (@spider IS NULL OR spider = @spider)
  AND (@job IS NULL OR job = @job)
  AND (@from_spider IS NULL OR (spider, job, idx) >= (@from_spider, @from_job, @from_idx))
  AND (@start_ts IS NULL OR ts >= @start_ts)
  AND (@end_ts IS NULL OR ts < @end_ts)
ORDER BY spider, job, idx
LIMIT @limit;
