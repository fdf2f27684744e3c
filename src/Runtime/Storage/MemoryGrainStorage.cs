using System.Collections.Concurrent;
using System.Globalization;
using JobRuntime.Serialization;

namespace JobRuntime.Storage;

/// <summary>
/// Grain storage in memory, with the same ETag rules as durable storage. State is kept
/// serialized, so a grain never shares objects with storage. Lost when the silo stops.
/// </summary>
public sealed class MemoryGrainStorage(string name, GrainSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId, string), (byte[] Payload, long Version)> _records = new();
    private readonly object _writeLock = new();
    private long _version;

    /// <summary>The provider's name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue((grainId, stateName), out var record))
        {
            grainState.State = serializer.Deserialize<T>(record.Payload);
            grainState.ETag = record.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = PersistentState<T>.NewState();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State);
        lock (_writeLock)
        {
            Check(stateName, grainId, grainState.ETag);
            var version = ++_version;
            _records[(grainId, stateName)] = (payload, version);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_writeLock)
        {
            Check(stateName, grainId, grainState.ETag);
            _records.TryRemove((grainId, stateName), out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    private void Check(string stateName, GrainId grainId, string? etag)
    {
        var stored = _records.TryGetValue((grainId, stateName), out var record)
            ? record.Version.ToString(CultureInfo.InvariantCulture)
            : null;
        if (stored != etag)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of grain {grainId} in storage '{Name}' has ETag {stored ?? "(none)"} but the write presented {etag ?? "(none)"}: another activation or writer changed it.",
                stored, etag);
        }
    }
}
