SELECT spider, job, idx, ts, data FROM platform_job_data
WHERE project = @project AND kind = @kind
  AND (@spider IS NULL OR spider = @spider)
  AND (@job IS NULL OR job = @job)
  AND (@from_spider IS NULL OR (spider, job, idx) >= (@from_spider, @from_job, @from_idx))
  AND (@start_ts IS NULL OR ts >= @start_ts)
  AND (@end_ts IS NULL OR ts < @end_ts)
  -- The same bounds again as one range of the primary key, so a page read from a position seeks
  -- to it instead of scanning from the first record (the optional conditions above cannot).
  AND (spider, job, idx) >= (COALESCE(@from_spider, @spider, 0), COALESCE(@from_job, @job, 0), COALESCE(@from_idx, 0))
  AND (spider, job) <= (COALESCE(@spider, 9223372036854775807), COALESCE(@job, 9223372036854775807))
ORDER BY spider, job, idx
LIMIT @limit;
