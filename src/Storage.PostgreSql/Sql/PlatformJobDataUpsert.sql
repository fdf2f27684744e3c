INSERT INTO platform_job_data (project, kind, spider, job, idx, ts, data)
SELECT @project, @kind, @spider, @job, @start + d.ordinality - 1, @ts, d.data
FROM unnest(@data::text[]) WITH ORDINALITY AS d (data, ordinality)
ON CONFLICT (project, kind, spider, job, idx) DO UPDATE SET ts = excluded.ts, data = excluded.data;
