using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>A frontier slot: requests added with fingerprint dedup, read back in batches.</summary>
public sealed class PlatformFrontierSlot
{
    private readonly PlatformClient _client;
    private readonly string _path;

    internal PlatformFrontierSlot(PlatformClient client, long project, string frontier, string slot)
    {
        _client = client;
        _path = $"storage/hcf/{project.ToString(CultureInfo.InvariantCulture)}/{frontier}/s/{slot}";
    }

    /// <summary>The running sum of new fingerprints this object added.</summary>
    public int NewCount { get; private set; }

    /// <summary>Adds requests (<c>{"fp": ..., "qdata": ..., "p": ...}</c>); returns how many fingerprints were new.</summary>
    public async Task<int> AddAsync(IEnumerable<JsonObject> requests, CancellationToken cancellationToken = default)
    {
        var text = await _client.SendAsync(HttpMethod.Post, _path, PlatformClient.Lines(requests.Select(r => r.ToJsonString())), cancellationToken).ConfigureAwait(false);
        var added = JsonNode.Parse(text)!["newcount"]!.GetValue<int>();
        NewCount += added;
        return added;
    }

    /// <summary>Queued batches (<c>{"id", "requests": [[fp, qdata], ...]}</c>).</summary>
    public IAsyncEnumerable<JsonNode> ReadBatchesAsync(int? minCount = null, CancellationToken cancellationToken = default) =>
        _client.LinesAsync($"{_path}/q" + (minCount is { } m ? "?mincount=" + m.ToString(CultureInfo.InvariantCulture) : ""), cancellationToken);

    /// <summary>Removes batches from the queue.</summary>
    public Task DeleteBatchesAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"{_path}/q/deleted", PlatformClient.Lines(ids.Select(i => JsonSerializer.Serialize(i))), cancellationToken);

    /// <summary>Deletes the slot.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken = default) => _client.SendAsync(HttpMethod.Delete, _path, null, cancellationToken);
}
