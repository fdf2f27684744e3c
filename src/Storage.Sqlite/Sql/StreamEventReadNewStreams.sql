-- The streams of a provider with events in (@after, @upto], each with its first such seq.
-- "+provider" keeps SQLite from using the (provider, ...) index, which would walk every event of
-- the provider: the rowid range walks only the new rows.
SELECT namespace, key, MIN(seq)
FROM stream_events
WHERE seq > @after AND seq <= @upto AND +provider = @provider
GROUP BY namespace, key;
