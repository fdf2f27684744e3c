INSERT OR REPLACE INTO platform_job_data (project, spider, job, kind, idx, ts, data)
VALUES (@project, @spider, @job, @kind, @idx, @ts, @data);
