DELETE FROM platform_job_data WHERE project = @project;
