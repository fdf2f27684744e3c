DELETE FROM platform_jobs WHERE project = @project AND spider = @spider AND job = @job;
