using System.Globalization;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>A project: its jobs, spiders, collections, frontiers, settings and activity log.</summary>
public sealed class PlatformProject
{
    private readonly PlatformClient _client;

    internal PlatformProject(PlatformClient client, long id)
    {
        _client = client;
        Id = id;
        Jobs = new PlatformJobs(client, id);
    }

    /// <summary>The project's id.</summary>
    public long Id { get; }

    /// <summary>The project's job queue.</summary>
    public PlatformJobs Jobs { get; }

    private string P => Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The project's spiders: name and tags.</summary>
    public async Task<IReadOnlyList<(string Name, IReadOnlyList<string> Tags)>> ListSpidersAsync(CancellationToken cancellationToken = default)
    {
        var body = await _client.DashAsync(HttpMethod.Get, $"api/spiders/list.json?project={P}", null, cancellationToken).ConfigureAwait(false);
        return [.. body["spiders"]!.AsArray().Select(s => (s!["id"]!.ToString(), (IReadOnlyList<string>)[.. s["tags"]!.AsArray().Select(t => t!.ToString())]))];
    }

    /// <summary>A spider's number, created when <paramref name="create"/> and unknown; null when unknown.</summary>
    public async Task<int?> GetSpiderIdAsync(string name, bool create = false, CancellationToken cancellationToken = default)
    {
        var text = await _client.SendAsync(HttpMethod.Get, $"storage/ids/{P}/spider/{Uri.EscapeDataString(name)}{(create ? "?create=1" : "")}", null, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text)?.GetValue<int>();
    }

    /// <summary>A key-value collection of type <c>s</c>, <c>cs</c>, <c>vs</c> or <c>vcs</c>.</summary>
    public PlatformCollection GetCollection(string name, string type = "s") => new(_client, Id, type, name);

    /// <summary>A frontier slot.</summary>
    public PlatformFrontierSlot GetFrontierSlot(string frontier, string slot) => new(_client, Id, frontier, slot);

    /// <summary>The project's settings object.</summary>
    public async Task<JsonObject> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        JsonNode.Parse(await _client.SendAsync(HttpMethod.Get, $"storage/projects/{P}/settings", null, cancellationToken).ConfigureAwait(false)) as JsonObject ?? [];

    /// <summary>Sets or replaces settings keys.</summary>
    public Task UpdateSettingsAsync(JsonObject settings, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"storage/projects/{P}/settings", PlatformClient.Lines([settings.ToJsonString()]), cancellationToken);

    /// <summary>Adds events to the activity log.</summary>
    public Task AddActivityAsync(IEnumerable<JsonObject> events, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, $"storage/activity/{P}", PlatformClient.Lines(events.Select(e => e.ToJsonString())), cancellationToken);

    /// <summary>The newest activity events, newest first.</summary>
    public IAsyncEnumerable<JsonNode> ListActivityAsync(int count = 100, CancellationToken cancellationToken = default) =>
        _client.LinesAsync($"storage/activity/{P}?count={count}", cancellationToken);
}
