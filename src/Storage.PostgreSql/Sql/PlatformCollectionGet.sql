SELECT key, ts, value FROM platform_collections WHERE project = @project AND type = @type AND name = @name AND key = @key;
