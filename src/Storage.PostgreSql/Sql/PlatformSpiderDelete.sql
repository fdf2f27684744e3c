WITH data AS (DELETE FROM platform_job_data WHERE project = @project AND spider = @spider),
     jobs AS (DELETE FROM platform_jobs WHERE project = @project AND spider = @spider)
DELETE FROM platform_spiders WHERE project = @project AND spider = @spider;
