SELECT spider, job FROM platform_jobs
WHERE project = @project AND state IN ('pending', 'running')
  AND ((@unique_key::text IS NOT NULL AND unique_key = @unique_key::text) OR (@run_key::text IS NOT NULL AND run_key = @run_key::text))
LIMIT 1;
