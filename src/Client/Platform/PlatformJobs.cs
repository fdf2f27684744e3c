using System.Globalization;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>A project's job queue: schedule, list, count, cancel, summaries.</summary>
public sealed class PlatformJobs
{
    private readonly PlatformClient _client;
    private readonly long _project;

    internal PlatformJobs(PlatformClient client, long project)
    {
        _client = client;
        _project = project;
    }

    private string P => _project.ToString(CultureInfo.InvariantCulture);

    /// <summary>Schedules a run of a spider (priority 0-4, default 2; units default 1).</summary>
    /// <exception cref="PlatformDuplicateJobException">The spider already has a pending or running job with these arguments.</exception>
    public async Task<PlatformJob> RunAsync(string spider, IReadOnlyDictionary<string, string>? arguments = null, IEnumerable<string>? tags = null,
        int? priority = null, int? units = null, JsonObject? meta = null, CancellationToken cancellationToken = default)
    {
        var fields = new List<KeyValuePair<string, string>> { new("project", P), new("spider", spider) };
        fields.AddRange((arguments ?? new Dictionary<string, string>()).Select(a => KeyValuePair.Create(a.Key, a.Value)));
        fields.AddRange((tags ?? []).Select(t => KeyValuePair.Create("add_tag", t)));
        if (priority is { } p)
        {
            fields.Add(new("priority", p.ToString(CultureInfo.InvariantCulture)));
        }
        if (units is { } u)
        {
            fields.Add(new("units", u.ToString(CultureInfo.InvariantCulture)));
        }
        if (meta is not null)
        {
            fields.Add(new("meta", meta.ToJsonString()));
        }
        var body = await _client.DashAsync(HttpMethod.Post, "api/run.json", new FormUrlEncodedContent(fields), cancellationToken).ConfigureAwait(false);
        return GetJob(body["jobid"]!.ToString());
    }

    /// <summary>A job by key (no request is made).</summary>
    public PlatformJob GetJob(string key) => new(_client, key);

    /// <summary>Job summaries, newest first; finished jobs unless states are given.</summary>
    public IAsyncEnumerable<JsonNode> ListAsync(string? spider = null, IEnumerable<string>? states = null, int? count = null, CancellationToken cancellationToken = default) =>
        _client.LinesAsync($"storage/jobq/{P}/list{Query(spider, states, count)}", cancellationToken);

    /// <summary>How many jobs there are; finished ones unless states are given.</summary>
    public async Task<int> CountAsync(string? spider = null, IEnumerable<string>? states = null, CancellationToken cancellationToken = default) =>
        int.Parse(await _client.SendAsync(HttpMethod.Get, $"storage/jobq/{P}/count{Query(spider, states, null)}", null, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    /// <summary>Cancels jobs by key; returns how many were cancelled.</summary>
    public async Task<int> CancelAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var body = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject { ["key"] = k })]).ToJsonString();
        var text = await _client.SendAsync(HttpMethod.Post, $"storage/jobq/{P}/cancel", new StringContent(body), cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text)!["count"]!.GetValue<int>();
    }

    private static string Query(string? spider, IEnumerable<string>? states, int? count)
    {
        var parts = new List<string>();
        if (spider is not null)
        {
            parts.Add("spider=" + Uri.EscapeDataString(spider));
        }
        parts.AddRange((states ?? []).Select(s => "state=" + Uri.EscapeDataString(s)));
        if (count is { } c)
        {
            parts.Add("count=" + c.ToString(CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
