INSERT INTO platform_spiders (project, spider, name)
SELECT @project, COALESCE(MAX(spider), 0) + 1, @name FROM platform_spiders WHERE project = @project
ON CONFLICT DO NOTHING;
