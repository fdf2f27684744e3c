UPDATE platform_spiders SET tags = @tags, program = @program::text WHERE project = @project AND spider = @spider;
