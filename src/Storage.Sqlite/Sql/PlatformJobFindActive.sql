SELECT spider, job FROM platform_jobs
WHERE project = @project AND state IN ('pending', 'running')
  AND ((@unique_key IS NOT NULL AND unique_key = @unique_key) OR (@run_key IS NOT NULL AND run_key = @run_key))
LIMIT 1;
