SELECT COALESCE(SUM(octet_length(data)), 0)::bigint FROM platform_job_data
WHERE project = @project AND kind IN (0, 1, 2, 3) AND spider = @spider AND job = @job
  AND (@kind::smallint IS NULL OR kind = @kind::smallint)
  AND (@from_idx::bigint IS NULL OR idx >= @from_idx::bigint)
  AND (@to_idx::bigint IS NULL OR idx < @to_idx::bigint);
