UPDATE platform_spiders SET tags = @tags, program = @program WHERE project = @project AND spider = @spider;
