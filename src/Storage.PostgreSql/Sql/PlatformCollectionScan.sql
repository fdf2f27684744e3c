SELECT key, ts, value FROM platform_collections
WHERE project = @project AND type = @type AND name = @name
  AND (@keys::text[] IS NULL OR key = ANY (@keys::text[]))
  AND (@prefixes::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(@prefixes::text[]) AS p (prefix) WHERE starts_with(key, p.prefix)))
  AND (@start::text IS NULL OR key >= @start::text)
  AND (@start_after::text IS NULL OR key > @start_after::text)
  AND (@start_ts::bigint IS NULL OR ts >= @start_ts::bigint)
  AND (@end_ts::bigint IS NULL OR ts < @end_ts::bigint)
  -- A lower bound the key index can seek to, so a scan's later pages do not read from the first key.
  AND key >= GREATEST(COALESCE(@start::text, ''), COALESCE(@start_after::text, ''))
ORDER BY key
LIMIT @limit::bigint;
