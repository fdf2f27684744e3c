SELECT key, ts, value FROM platform_collections
WHERE project = @project AND type = @type AND name = @name
  AND (@keys IS NULL OR platform_collections.key IN (SELECT j.value FROM json_each(@keys) j))
  AND (@prefixes IS NULL OR EXISTS (SELECT 1 FROM json_each(@prefixes) p WHERE substr(platform_collections.key, 1, length(p.value)) = p.value))
  AND (@start IS NULL OR key >= @start)
  AND (@start_after IS NULL OR key > @start_after)
  AND (@start_ts IS NULL OR ts >= @start_ts)
  AND (@end_ts IS NULL OR ts < @end_ts)
  -- A lower bound the key index can seek to, so a scan's later pages do not read from the first key.
  AND key >= max(COALESCE(@start, ''), COALESCE(@start_after, ''))
ORDER BY key
LIMIT @limit;
