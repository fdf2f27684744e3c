using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>One of a job's append-only record streams (items, logs, requests, samples).</summary>
public sealed class PlatformJobData
{
    private readonly PlatformClient _client;
    private readonly string _type;
    private readonly string _job;

    internal PlatformJobData(PlatformClient client, string type, string job)
    {
        _client = client;
        _type = type;
        _job = job;
    }

    /// <summary>Writes records at <paramref name="start"/> (the index of the first); a batch sent again at the same start replaces itself.</summary>
    public Task WriteAsync(IEnumerable<JsonNode> records, long start, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"storage/{_type}/{_job}?start={start.ToString(CultureInfo.InvariantCulture)}",
            PlatformClient.Lines(records.Select(r => r.ToJsonString())), cancellationToken);

    /// <summary>Every record in order, fetched a page of <paramref name="pageSize"/> at a time; optionally filtered (<c>["level", "&gt;=", [40]]</c>).</summary>
    public async IAsyncEnumerable<JsonNode> IterAsync(string? filter = null, int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            var query = $"storage/{_type}/{_job}?meta=_key&count={pageSize.ToString(CultureInfo.InvariantCulture)}"
                + (after is null ? "" : "&startafter=" + Uri.EscapeDataString(after))
                + (filter is null ? "" : "&filter=" + Uri.EscapeDataString(filter));
            var read = 0;
            await foreach (var record in _client.LinesAsync(query, cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (record is JsonObject o)
                {
                    after = o["_key"]?.ToString();
                    o.Remove("_key");
                }
                yield return record;
            }
            if (read < pageSize || after is null)
            {
                yield break;
            }
        }
    }

    /// <summary>The stream's stats: <c>counts</c> and <c>totals</c> (<c>input_values</c>, <c>input_bytes</c>).</summary>
    public async Task<JsonObject> StatsAsync(CancellationToken cancellationToken = default) =>
        (JsonObject)JsonNode.Parse(await _client.SendAsync(HttpMethod.Get, $"storage/{_type}/{_job}/stats", null, cancellationToken).ConfigureAwait(false))!;
}
