SELECT COALESCE(MAX(idx), -1) + 1 FROM platform_job_data
WHERE project = @project AND kind = @kind AND spider = @spider AND job = @job;
