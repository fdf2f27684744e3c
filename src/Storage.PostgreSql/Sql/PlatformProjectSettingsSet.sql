INSERT INTO platform_projects (project, settings, created) VALUES (@project, @settings, @now)
ON CONFLICT (project) DO UPDATE SET settings = excluded.settings;
