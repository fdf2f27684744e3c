using System.Globalization;
using JobRuntime.Serialization;
using JobRuntime.Sqlite.Engine;
using JobRuntime.Storage;
using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite;

/// <summary>
/// Grain state in table <c>grain_state</c> of a <see cref="SqliteDatabase"/>, one row per
/// (store, grain, state name), the state serialized with <see cref="GrainSerializer"/>.
/// The ETag is the row's version number as a decimal string; versions are drawn from one counter
/// per file, so a cleared and rewritten record never gets an ETag it had before.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string _storeName;
    private readonly SqliteDatabase _database;
    private readonly GrainSerializer _serializer;

    /// <summary>Creates the storage provider named <paramref name="storeName"/> over a shared database.</summary>
    public SqliteGrainStorage(string storeName, SqliteDatabase database, GrainSerializer serializer)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(serializer);
        _storeName = storeName;
        _database = database;
        _serializer = serializer;
    }

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var record = await _database.ReadAsync(session => ReadRecord(session, stateName, grainId), CancellationToken.None).ConfigureAwait(false);
        if (record is null)
        {
            grainState.State = NewState<T>.Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var (etag, payload) = record.Value;
        T state;
        try
        {
            var value = _serializer.Deserialize(payload, typeof(T));
            state = value is null ? NewState<T>.Create() : (T)value;
        }
        catch (Exception e) when (e is GrainSerializationException or InvalidCastException)
        {
            throw new GrainStorageException(
                $"State '{stateName}' of grain {grainId} in store '{_storeName}' cannot be read as {typeof(T)}: {e.Message}", e);
        }
        grainState.State = state;
        grainState.ETag = FormatEtag(etag);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        byte[] payload;
        try
        {
            payload = _serializer.Serialize(grainState.State, typeof(T));
        }
        catch (GrainSerializationException e)
        {
            throw new GrainStorageException(
                $"State '{stateName}' of grain {grainId} in store '{_storeName}' cannot be serialized: {e.Message}", e);
        }
        var expected = ParseEtag(grainState.ETag, stateName, grainId);
        var modified = _database.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var etag = await _database.WriteAsync(
            session => WriteRecord(session, stateName, grainId, expected, grainState.ETag, payload, modified),
            CancellationToken.None).ConfigureAwait(false);
        grainState.ETag = FormatEtag(etag);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = ParseEtag(grainState.ETag, stateName, grainId);
        await _database.WriteAsync(
            session => DeleteRecord(session, stateName, grainId, expected, grainState.ETag),
            CancellationToken.None).ConfigureAwait(false);
        grainState.State = NewState<T>.Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private (long Etag, byte[] Payload)? ReadRecord(SqliteSession session, string stateName, GrainId grainId)
    {
        using var reader = BindKey(session.Command(Sql.GrainStateRead), stateName, grainId).ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    private long WriteRecord(SqliteSession session, string stateName, GrainId grainId, long? expected, string? presented, byte[] payload, string modified)
    {
        var newEtag = Convert.ToInt64(session.Command(Sql.GrainStateVersionNext).ExecuteScalar(), CultureInfo.InvariantCulture);
        var statement = expected is null ? Sql.GrainStateInsert : Sql.GrainStateUpdate;
        var command = BindKey(session.Command(statement), stateName, grainId)
            .Bind("@new_etag", newEtag)
            .Bind("@payload", payload)
            .Bind("@modified", modified);
        if (expected is { } etag)
        {
            command.Bind("@etag", etag);
        }
        if (command.ExecuteNonQuery() == 0)
        {
            throw Conflict("write", session, stateName, grainId, presented);
        }
        return newEtag;
    }

    private bool DeleteRecord(SqliteSession session, string stateName, GrainId grainId, long? expected, string? presented)
    {
        if (expected is not { } etag)
        {
            // Clearing with no ETag is fine when nothing is stored.
            if (ReadStoredEtag(session, stateName, grainId) is null)
            {
                return true;
            }
            throw Conflict("clear", session, stateName, grainId, presented);
        }
        if (BindKey(session.Command(Sql.GrainStateDelete), stateName, grainId).Bind("@etag", etag).ExecuteNonQuery() == 0)
        {
            throw Conflict("clear", session, stateName, grainId, presented);
        }
        return true;
    }

    private InconsistentStateException Conflict(string action, SqliteSession session, string stateName, GrainId grainId, string? presented)
    {
        var stored = ReadStoredEtag(session, stateName, grainId) is { } etag ? FormatEtag(etag) : null;
        return new InconsistentStateException(
            $"Cannot {action} state '{stateName}' of grain {grainId} in store '{_storeName}': the grain presented ETag " +
            $"{Describe(presented)} but the stored ETag is {Describe(stored)}; another writer changed the record since the grain read it.",
            stored,
            presented);

        static string Describe(string? etag) => etag is null ? "none (no record)" : $"'{etag}'";
    }

    private long? ReadStoredEtag(SqliteSession session, string stateName, GrainId grainId) =>
        BindKey(session.Command(Sql.GrainStateReadEtag), stateName, grainId).ExecuteScalar() is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;

    private SqliteCommand BindKey(SqliteCommand command, string stateName, GrainId grainId) =>
        command.Bind("@store", _storeName)
            .Bind("@grain_type", grainId.Type)
            .Bind("@grain_key", grainId.Key)
            .Bind("@state_name", stateName);

    private long? ParseEtag(string? etag, string stateName, GrainId grainId)
    {
        if (etag is null)
        {
            return null;
        }
        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new InconsistentStateException(
            $"State '{stateName}' of grain {grainId} in store '{_storeName}' carries ETag '{etag}', which this store did not issue.",
            currentEtag: etag);
    }

    private static string FormatEtag(long etag) => etag.ToString(CultureInfo.InvariantCulture);
}
