using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>A job: its metadata, its items, logs, requests and samples, and its state changes.</summary>
public sealed class PlatformJob
{
    private readonly PlatformClient _client;

    internal PlatformJob(PlatformClient client, string key)
    {
        _client = client;
        Key = key;
        Items = new PlatformJobData(client, "items", key);
        Logs = new PlatformJobData(client, "logs", key);
        Requests = new PlatformJobData(client, "requests", key);
        Samples = new PlatformJobData(client, "samples", key);
    }

    /// <summary>The job's key, <c>project/spider/job</c>.</summary>
    public string Key { get; }

    /// <summary>The job's items.</summary>
    public PlatformJobData Items { get; }

    /// <summary>The job's log records.</summary>
    public PlatformJobData Logs { get; }

    /// <summary>The job's requests.</summary>
    public PlatformJobData Requests { get; }

    /// <summary>The job's samples.</summary>
    public PlatformJobData Samples { get; }

    private string Project => Key.Split('/')[0];

    /// <summary>The job's metadata.</summary>
    /// <exception cref="PlatformNotFoundException">There is no such job.</exception>
    public async Task<JsonObject> GetMetadataAsync(CancellationToken cancellationToken = default) =>
        (JsonObject)JsonNode.Parse(await _client.SendAsync(HttpMethod.Get, $"storage/jobs/{Key}", null, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Sets or replaces metadata keys.</summary>
    public Task UpdateMetadataAsync(JsonObject metadata, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"storage/jobs/{Key}", PlatformClient.Lines([metadata.ToJsonString()]), cancellationToken);

    /// <summary>Moves the job to a state (with extra metadata such as <c>close_reason</c>); returns the previous state.</summary>
    /// <exception cref="PlatformNotFoundException">There is no such job.</exception>
    public async Task<string> UpdateAsync(string state, JsonObject? extra = null, CancellationToken cancellationToken = default)
    {
        var update = extra?.DeepClone().AsObject() ?? [];
        update["key"] = Key;
        update["state"] = state;
        var text = await _client.SendAsync(HttpMethod.Post, $"storage/jobq/{Project}/update", PlatformClient.Lines([update.ToJsonString()]), cancellationToken).ConfigureAwait(false);
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? throw new PlatformNotFoundException($"Job {Key} not found.");
        return JsonNode.Parse(line)!["prevstate"]!.ToString();
    }

    /// <summary>Cancels the job: a pending job finishes, a running one is stopped.</summary>
    public Task CancelAsync(CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"storage/jobq/{Key}/cancel", null, cancellationToken);
}
