using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>A key-value collection: records <c>{"_key": ..., ...}</c> of up to 1 MiB.</summary>
public sealed class PlatformCollection
{
    private readonly PlatformClient _client;
    private readonly string _path;
    private readonly long _project;
    private readonly string _name;

    internal PlatformCollection(PlatformClient client, long project, string type, string name)
    {
        _client = client;
        _project = project;
        _name = name;
        _path = $"storage/collections/{project.ToString(CultureInfo.InvariantCulture)}/{type}/{name}";
    }

    /// <summary>Sets a record (it must have a string <c>_key</c>).</summary>
    /// <exception cref="PlatformValueTooLargeException">The record is larger than 1 MiB.</exception>
    public Task SetAsync(JsonObject record, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, _path, PlatformClient.Lines([record.ToJsonString()]), cancellationToken);

    /// <summary>The value of a key (without <c>_key</c>).</summary>
    /// <exception cref="PlatformNotFoundException">No record has that key.</exception>
    public async Task<JsonObject> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (JsonObject)JsonNode.Parse(await _client.SendAsync(HttpMethod.Get, $"{_path}/{key}", null, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// The values a key keeps, newest first, each with its write time in <c>_ts</c> (ms): in a
    /// versioned collection (<c>vs</c>, <c>vcs</c>) up to 3, in the others the current one.
    /// </summary>
    /// <exception cref="PlatformNotFoundException">No record has that key.</exception>
    public async Task<IReadOnlyList<JsonObject>> GetVersionsAsync(string key, CancellationToken cancellationToken = default)
    {
        var text = await _client.SendAsync(HttpMethod.Get, $"{_path}/{key}?allversions=1", null, cancellationToken).ConfigureAwait(false);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (JsonObject)JsonNode.Parse(line)!)];
    }

    /// <summary>Deletes keys (missing ones are no error).</summary>
    public Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"{_path}/deleted", PlatformClient.Lines(keys.Select(k => JsonSerializer.Serialize(k))), cancellationToken);

    /// <summary>Records in key order, with <c>_key</c>, optionally those whose key starts with <paramref name="prefix"/>.</summary>
    public IAsyncEnumerable<JsonNode> IterAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        _client.LinesAsync(_path + "?meta=_key" + (prefix is null ? "" : "&prefix=" + Uri.EscapeDataString(prefix)), cancellationToken);

    /// <summary>How many records the collection holds.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        JsonNode.Parse(await _client.SendAsync(HttpMethod.Get, $"{_path}/count", null, cancellationToken).ConfigureAwait(false))!["count"]!.GetValue<int>();

    /// <summary>Deletes every record.</summary>
    public Task TruncateAsync(CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"storage/collections/{_project.ToString(CultureInfo.InvariantCulture)}/delete?name={_name}", null, cancellationToken);
}
