SELECT COALESCE(SUM(length(CAST(data AS BLOB))), 0) FROM platform_job_data
WHERE project = @project AND kind IN (0, 1, 2, 3) AND spider = @spider AND job = @job
  AND (@kind IS NULL OR kind = @kind)
  AND (@from_idx IS NULL OR idx >= @from_idx)
  AND (@to_idx IS NULL OR idx < @to_idx);
