using System.Globalization;
using JobRuntime.Sqlite.Engine;
using Microsoft.Data.Sqlite;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace JobRuntime.Sqlite;

/// <summary>
/// Orleans grain storage in table <c>grain_state</c> of a <see cref="SqliteDatabase"/>: one row per
/// (provider name, grain type, grain key, state name), the state serialized with an
/// <see cref="IGrainStorageSerializer"/>. The ETag is the row's version number as a decimal string;
/// versions come from one counter per file, so a record cleared and written again never gets an
/// ETag it had before.
/// </summary>
internal sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string _name;
    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;

    /// <summary>Creates the provider named <paramref name="name"/> over a shared database.</summary>
    public SqliteGrainStorage(string name, SqliteDatabase database, IGrainStorageSerializer serializer, IActivatorProvider activators)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activators);
        _name = name;
        _database = database;
        _serializer = serializer;
        _activators = activators;
    }

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var key = new RecordKey(_name, grainId, stateName);
        var record = await _database.ReadAsync(session => ReadRecord(session, key), CancellationToken.None).ConfigureAwait(false);
        if (record is not var (etag, payload))
        {
            Reset(grainState);
            return;
        }
        grainState.State = Deserialize<T>(key, payload);
        grainState.ETag = FormatEtag(etag);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var key = new RecordKey(_name, grainId, stateName);
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var presented = grainState.ETag;
        var expected = ParseEtag(key, presented);
        var modified = _database.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var etag = await _database.WriteAsync(
            session => WriteRecord(session, key, expected, presented, payload, modified),
            CancellationToken.None).ConfigureAwait(false);
        grainState.ETag = FormatEtag(etag);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var key = new RecordKey(_name, grainId, stateName);
        var presented = grainState.ETag;
        var expected = ParseEtag(key, presented);
        await _database.WriteAsync(session => DeleteRecord(session, key, expected, presented), CancellationToken.None).ConfigureAwait(false);
        Reset(grainState);
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T Deserialize<T>(RecordKey key, byte[] payload)
    {
        try
        {
            return _serializer.Deserialize<T>(new BinaryData(payload)) ?? _activators.GetActivator<T>().Create();
        }
        catch (Exception e)
        {
            throw new OrleansException($"{key} cannot be read as {typeof(T)}: {e.Message}", e);
        }
    }

    private static (long Etag, byte[] Payload)? ReadRecord(SqliteSession session, RecordKey key)
    {
        using var reader = key.Bind(session.Command(Sql.GrainStateRead)).ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    private static long WriteRecord(SqliteSession session, RecordKey key, long? expected, string? presented, byte[] payload, string modified)
    {
        var newEtag = Convert.ToInt64(session.Command(Sql.GrainStateVersionNext).ExecuteScalar(), CultureInfo.InvariantCulture);
        var command = key.Bind(session.Command(expected is null ? Sql.GrainStateInsert : Sql.GrainStateUpdate))
            .Bind("@new_etag", newEtag)
            .Bind("@payload", payload)
            .Bind("@modified", modified);
        if (expected is { } etag)
        {
            command.Bind("@etag", etag);
        }
        if (command.ExecuteNonQuery() == 0)
        {
            throw Conflict("write", session, key, presented);
        }
        return newEtag;
    }

    private static bool DeleteRecord(SqliteSession session, RecordKey key, long? expected, string? presented)
    {
        // Clearing without an ETag is fine when nothing is stored.
        var cleared = expected is { } etag
            ? key.Bind(session.Command(Sql.GrainStateDelete)).Bind("@etag", etag).ExecuteNonQuery() > 0
            : ReadStoredEtag(session, key) is null;
        if (!cleared)
        {
            throw Conflict("clear", session, key, presented);
        }
        return true;
    }

    private static InconsistentStateException Conflict(string action, SqliteSession session, RecordKey key, string? presented)
    {
        var stored = ReadStoredEtag(session, key) is { } etag ? FormatEtag(etag) : null;
        return new InconsistentStateException(
            $"Cannot {action} {key}: the grain presented ETag {Describe(presented)} but the stored ETag is " +
            $"{Describe(stored)}; another writer changed the record since the grain read it.",
            stored,
            presented);

        static string Describe(string? etag) => etag is null ? "none (no record)" : $"'{etag}'";
    }

    private static long? ReadStoredEtag(SqliteSession session, RecordKey key) =>
        key.Bind(session.Command(Sql.GrainStateReadEtag)).ExecuteScalar() is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;

    private static long? ParseEtag(RecordKey key, string? etag)
    {
        if (etag is null)
        {
            return null;
        }
        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new InconsistentStateException($"{key} carries ETag '{etag}', which this provider did not issue.", null, etag);
    }

    private static string FormatEtag(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    /// <summary>Which record: the columns of the primary key of <c>grain_state</c>.</summary>
    private readonly record struct RecordKey(string Store, GrainId GrainId, string StateName)
    {
        public SqliteCommand Bind(SqliteCommand command) =>
            command.Bind("@store", Store)
                .Bind("@grain_type", GrainId.Type.ToString())
                .Bind("@grain_key", GrainId.Key.ToString())
                .Bind("@state_name", StateName);

        public override string ToString() => $"State '{StateName}' of grain {GrainId} in grain storage '{Store}'";
    }
}
