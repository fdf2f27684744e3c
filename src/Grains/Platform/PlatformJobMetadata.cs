using System.Text.Json;
using System.Text.Json.Nodes;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>The rules of a job's metadata object: which keys callers may set and what each state change stamps.</summary>
internal static class PlatformJobMetadata
{
    /// <summary>Keys callers never set through metadata merges.</summary>
    private static readonly HashSet<string> s_reserved = ["auth", "_key", "state", "key", Items, Logs, Requests];

    /// <summary>The counter of records in the job's items, kept as they are written.</summary>
    public const string Items = "items";

    /// <summary>The counter of the job's log records.</summary>
    public const string Logs = "logs";

    /// <summary>The counter of the job's requests.</summary>
    public const string Requests = "requests";

    /// <summary>The metadata key counting a stream's records (samples have none).</summary>
    public static string? CounterOf(GrainInterfaces.Platform.PlatformJobData kind) => kind switch
    {
        GrainInterfaces.Platform.PlatformJobData.Items => Items,
        GrainInterfaces.Platform.PlatformJobData.Logs => Logs,
        GrainInterfaces.Platform.PlatformJobData.Requests => Requests,
        _ => null,
    };

    /// <summary>Sets the three counters to zero (a new job).</summary>
    public static void ZeroCounters(JsonObject metadata)
    {
        metadata[Items] = 0;
        metadata[Logs] = 0;
        metadata[Requests] = 0;
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    /// <summary>Merges caller keys into the metadata (reserved keys ignored); priority and units update the record's columns.</summary>
    public static PlatformJobRecord Merge(PlatformJobRecord record, JsonObject metadata, JsonObject extras)
    {
        foreach (var (key, value) in extras)
        {
            if (!s_reserved.Contains(key))
            {
                metadata[key] = value?.DeepClone();
            }
        }
        var priority = metadata["priority"] is JsonValue p && p.TryGetValue<int>(out var pv) ? pv : record.Priority;
        var units = metadata["units"] is JsonValue u && u.TryGetValue<int>(out var uv) ? uv : record.Units;
        return record with { Priority = Math.Clamp(priority, 0, 4), Units = Math.Max(1, units) };
    }

    /// <summary>Moves the metadata to a state, stamping its time and who moved it.</summary>
    public static void Stamp(JsonObject metadata, string state, long now, string user)
    {
        metadata["state"] = state;
        var (time, by) = state switch
        {
            PlatformJobState.Pending => ("pending_time", "scheduled_by"),
            PlatformJobState.Running => ("running_time", "started_by"),
            PlatformJobState.Finished => ("finished_time", "completed_by"),
            _ => ("deleted_time", "deleted_by"),
        };
        metadata[time] = now;
        if (state != PlatformJobState.Pending || metadata["scheduled_by"] is null)
        {
            metadata[by] = user;
        }
    }

    public static string ToJson(JsonObject metadata) => metadata.ToJsonString(JsonOptions);

    /// <summary>Compact, with non-ASCII escaped as the seed's server did.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
