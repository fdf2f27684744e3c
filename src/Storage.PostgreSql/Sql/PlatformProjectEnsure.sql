INSERT INTO platform_projects (project, created) VALUES (@project, @now) ON CONFLICT (project) DO NOTHING;
