SELECT spider, name, tags, program FROM platform_spiders WHERE project = @project ORDER BY spider;
