using System.Text.Json;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage.Platform;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Platform;

/// <summary><see cref="IPlatformCollectionStore"/> in the silo's SQLite file.</summary>
public sealed class SqlitePlatformCollectionStore(SqliteDatabase database) : IPlatformCollectionStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task CollectionSetAsync(PlatformCollectionId collection, IReadOnlyList<KeyValuePair<string, string>> records, long timestamp, CancellationToken cancellationToken = default)
    {
        var items = records.ToArray();
        var versioned = PlatformCollectionTypes.IsVersioned(collection.Type);
        return _database.WriteAsync(s =>
        {
            var command = BindId(s.Command(PlatformSql.CollectionUpsert), collection).Bind("@ts", timestamp);
            var keep = versioned ? BindId(s.Command(PlatformSql.CollectionVersionKeep), collection) : null;
            var trim = versioned ? BindId(s.Command(PlatformSql.CollectionVersionTrim), collection).Bind("@keep", PlatformCollectionTypes.RetainedVersions - 1) : null;
            foreach (var (key, value) in items)
            {
                // A versioned collection moves the current value into the key's history first.
                keep?.Bind("@key", key).ExecuteNonQuery();
                trim?.Bind("@key", key).ExecuteNonQuery();
                command.Bind("@key", key).Bind("@value", value).ExecuteNonQuery();
            }
            return items.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlatformCollectionRecord?> CollectionGetAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(s =>
        {
            using var reader = BindId(s.Command(PlatformSql.CollectionGet), collection).Bind("@key", key).ExecuteReader();
            return reader.Read() ? Read(reader) : (PlatformCollectionRecord?)null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformCollectionRecord>> CollectionVersionsAsync(PlatformCollectionId collection, string key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<PlatformCollectionRecord>>(s =>
        {
            using var reader = BindId(s.Command(PlatformSql.CollectionVersions), collection).Bind("@key", key).ExecuteReader();
            var records = new List<PlatformCollectionRecord>();
            while (reader.Read())
            {
                records.Add(Read(reader));
            }
            return records;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformCollectionRecord>> CollectionScanAsync(PlatformCollectionScanParams query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var keys = query.Keys.Count == 0 ? null : JsonSerializer.Serialize(query.Keys);
        var prefixes = query.Prefixes.Count == 0 ? null : JsonSerializer.Serialize(query.Prefixes);
        return _database.ReadAsync<IReadOnlyList<PlatformCollectionRecord>>(s =>
        {
            using var reader = BindId(s.Command(PlatformSql.CollectionScan), query.Collection)
                .Bind("@keys", keys).Bind("@prefixes", prefixes).Bind("@start", query.Start).Bind("@start_after", query.StartAfter)
                .Bind("@start_ts", query.StartTs).Bind("@end_ts", query.EndTs).Bind("@limit", query.Limit)
                .ExecuteReader();
            var records = new List<PlatformCollectionRecord>();
            while (reader.Read())
            {
                records.Add(Read(reader));
            }
            return records;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task CollectionDeleteAsync(PlatformCollectionId collection, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var items = keys.ToArray();
        return _database.WriteAsync(s =>
        {
            var command = BindId(s.Command(PlatformSql.CollectionDelete), collection);
            var history = BindId(s.Command(PlatformSql.CollectionVersionDelete), collection);
            foreach (var key in items)
            {
                command.Bind("@key", key).ExecuteNonQuery();
                history.Bind("@key", key).ExecuteNonQuery();
            }
            return items.Length;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> CollectionTruncateAsync(long project, string name, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s =>
        {
            s.Command(PlatformSql.CollectionVersionTruncate).Bind("@project", project).Bind("@name", name).ExecuteNonQuery();
            return s.Command(PlatformSql.CollectionTruncate).Bind("@project", project).Bind("@name", name).ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlatformCollectionId>> CollectionListAsync(long project, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<PlatformCollectionId>>(s =>
        {
            using var reader = s.Command(PlatformSql.CollectionList).Bind("@project", project).ExecuteReader();
            var collections = new List<PlatformCollectionId>();
            while (reader.Read())
            {
                collections.Add(new PlatformCollectionId(project, reader.GetString(0), reader.GetString(1)));
            }
            return collections;
        }, cancellationToken);

    private static SqliteCommand BindId(SqliteCommand command, PlatformCollectionId id) =>
        command.Bind("@project", id.Project).Bind("@type", id.Type).Bind("@name", id.Name);

    private static PlatformCollectionRecord Read(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
}
