SELECT spider, name, tags, program FROM platform_spiders WHERE project = @project AND spider = @spider;
