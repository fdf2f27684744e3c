WITH data AS (DELETE FROM platform_job_data WHERE project = @project RETURNING 1),
     jobs AS (DELETE FROM platform_jobs WHERE project = @project RETURNING 1),
     spiders AS (DELETE FROM platform_spiders WHERE project = @project RETURNING 1),
     activity AS (DELETE FROM platform_activity WHERE project = @project RETURNING 1),
     collections AS (DELETE FROM platform_collections WHERE project = @project RETURNING 1),
     versions AS (DELETE FROM platform_collection_versions WHERE project = @project RETURNING 1),
     fingerprints AS (DELETE FROM platform_frontier_fingerprints WHERE project = @project RETURNING 1),
     requests AS (DELETE FROM platform_frontier_requests WHERE project = @project RETURNING 1),
     projects AS (DELETE FROM platform_projects WHERE project = @project RETURNING 1)
SELECT (SELECT count(*) FROM data) + (SELECT count(*) FROM jobs) + (SELECT count(*) FROM spiders)
     + (SELECT count(*) FROM activity) + (SELECT count(*) FROM collections) + (SELECT count(*) FROM versions)
     + (SELECT count(*) FROM fingerprints) + (SELECT count(*) FROM requests) + (SELECT count(*) FROM projects);
