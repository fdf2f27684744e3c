DELETE FROM platform_jobs WHERE project = @project;
