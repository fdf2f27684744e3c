INSERT INTO platform_activity (project, ts, data) VALUES (@project, @ts, @data);
