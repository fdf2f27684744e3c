DELETE FROM platform_spiders WHERE project = @project AND spider = @spider;
