using JobRuntime.Storage.Platform;
using Npgsql;

namespace JobRuntime.PostgreSql.Platform;

/// <summary><see cref="IPlatformCollectionStore"/> on PostgreSQL (keys ordered bytewise, as the embedded engine orders them).</summary>
public sealed class PostgresPlatformCollectionStore(PostgresPlatformDatabase database) : IPlatformCollectionStore
{
    private readonly PostgresPlatformDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task CollectionSetAsync(PlatformCollectionId collection, IReadOnlyList<KeyValuePair<string, string>> records, long timestamp, CancellationToken cancellationToken = default)
    {
        var items = records.ToArray();
        var versioned = PlatformCollectionTypes.IsVersioned(collection.Type);
        return _database.WriteAsync(async (c, t) =>
        {
            await using var upsert = BindId(c.Command(PlatformSql.CollectionUpsert, t), collection).Bind("ts", timestamp);
            await using var keep = BindId(c.Command(PlatformSql.CollectionVersionKeep, t), collection);
            await using var trim = BindId(c.Command(PlatformSql.CollectionVersionTrim, t), collection).Bind("keep", PlatformCollectionTypes.RetainedVersions - 1);
            foreach (var (key, value) in items)
            {
                if (versioned)
                {
                    // The current value moves into the key's history first.
                    await keep.Bind("key", key).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await trim.Bind("key", key).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await upsert.Bind("key", key).Bind("value", value).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return items.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformCollectionRecord?> CollectionGetAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = BindId(c.Command(PlatformSql.CollectionGet), collection).Bind("key", key);
            return await command.FirstAsync<PlatformCollectionRecord?>(r => Read(r), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformCollectionRecord>> CollectionVersionsAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = BindId(c.Command(PlatformSql.CollectionVersions), collection).Bind("key", key);
            return await command.ListAsync(Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformCollectionRecord>> CollectionScanAsync(PlatformCollectionScanParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync(async c =>
        {
            await using var command = BindId(c.Command(PlatformSql.CollectionScan), query.Collection)
                .Bind("keys", query.Keys.Count == 0 ? null : query.Keys.ToArray())
                .Bind("prefixes", query.Prefixes.Count == 0 ? null : query.Prefixes.ToArray())
                .Bind("start", query.Start).Bind("start_after", query.StartAfter)
                .Bind("start_ts", query.StartTs).Bind("end_ts", query.EndTs)
                .Bind("limit", query.Limit < 0 ? null : (long)query.Limit);
            return await command.ListAsync(Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task CollectionDeleteAsync(PlatformCollectionId collection, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var items = keys.ToArray();
        return _database.WriteAsync(async (c, t) =>
        {
            await using var delete = BindId(c.Command(PlatformSql.CollectionDelete, t), collection);
            await using var history = BindId(c.Command(PlatformSql.CollectionVersionDelete, t), collection);
            foreach (var key in items)
            {
                await delete.Bind("key", key).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await history.Bind("key", key).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return items.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> CollectionTruncateAsync(long project, string name, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            await using (var history = c.Command(PlatformSql.CollectionVersionTruncate, t).Bind("project", project).Bind("name", name))
            {
                await history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var command = c.Command(PlatformSql.CollectionTruncate, t).Bind("project", project).Bind("name", name);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformCollectionId>> CollectionListAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async c =>
        {
            await using var command = c.Command(PlatformSql.CollectionList).Bind("project", project);
            return await command.ListAsync(r => new PlatformCollectionId(project, r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static NpgsqlCommand BindId(NpgsqlCommand command, PlatformCollectionId id) =>
        command.Bind("project", id.Project).Bind("type", id.Type).Bind("name", id.Name);

    private static PlatformCollectionRecord Read(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
}
