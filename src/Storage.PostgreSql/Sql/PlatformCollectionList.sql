SELECT DISTINCT type, name FROM platform_collections WHERE project = @project ORDER BY name, type;
