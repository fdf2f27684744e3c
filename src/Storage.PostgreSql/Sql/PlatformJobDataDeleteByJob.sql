DELETE FROM platform_job_data WHERE project = @project AND kind IN (0, 1, 2, 3) AND spider = @spider AND job = @job;
