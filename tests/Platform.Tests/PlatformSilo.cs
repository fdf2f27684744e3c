using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Platform.Tests;

/// <summary>
/// One silo process for a test class, with two API users: alice (project 1, 3 for the runner
/// tests, 4 for startjob) and bob (project 2). Requests are made as the seed's client makes them.
/// </summary>
public sealed class PlatformSilo : IAsyncLifetime
{
    public const string AliceKey = "alice0123456789abcdef";
    public const string BobKey = "bob0123456789abcdef";
    public const string AdminKey = "admin0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-platform-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    public HttpClient Alice { get; private set; } = null!;

    public HttpClient Bob { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public Uri Address => Silo.Address;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
            "--JobRuntime:Platform:Users:0:Name", "alice", "--JobRuntime:Platform:Users:0:ApiKey", AliceKey,
            "--JobRuntime:Platform:Users:0:Projects:0", "1", "--JobRuntime:Platform:Users:0:Projects:1", "3",
            "--JobRuntime:Platform:Users:0:Projects:2", "4",
            "--JobRuntime:Platform:Users:1:Name", "bob", "--JobRuntime:Platform:Users:1:ApiKey", BobKey,
            "--JobRuntime:Platform:Users:1:Projects:0", "2",
            "--JobRuntime:Platform:Users:2:Name", "admin", "--JobRuntime:Platform:Users:2:ApiKey", AdminKey,
            "--JobRuntime:Platform:Users:2:Admin", "true",
            "--JobRuntime:Platform:ProjectUnits", "2");
        Alice = Client(AliceKey, "");
        Bob = Client(BobKey, "");
        Admin = Client(AdminKey, "");
        Anonymous = new HttpClient { BaseAddress = Silo.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client(string user, string password)
    {
        var client = new HttpClient { BaseAddress = Silo.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("python-scrapinghub/2.8.0");
        return client;
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A storage POST as the client's batch uploader sends it: JSON lines, no Content-Type, optionally gzip.</summary>
    public static HttpContent Lines(IEnumerable<string> lines, bool gzip = false)
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(body);
            }
            body = buffer.ToArray();
        }
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = null;
        content.Headers.ContentEncoding.Add(gzip ? "gzip" : "identity");
        return content;
    }

    /// <summary>Pushes a job (<c>jobq/{p}/push</c>) and returns its key; with a state of running, also its token.</summary>
    public static async Task<string> PushAsync(HttpClient client, long project, string spider) =>
        (await PushWithTokenAsync(client, project, spider, "pending")).Key;

    /// <summary>Pushes a job in a state and returns its key and token (null unless running).</summary>
    public static async Task<(string Key, string? Token)> PushWithTokenAsync(HttpClient client, long project, string spider, string state)
    {
        using var response = await client.PostAsync($"/storage/jobq/{project}/push", Lines([$"{{\"spider\":\"{spider}\",\"state\":\"{state}\"}}"]));
        response.EnsureSuccessStatusCode();
        var line = (await ReadLinesAsync(response)).Single();
        return (line["key"]!.GetValue<string>(), line["auth"]?.GetValue<string>());
    }

    /// <summary>The JSON lines of a response body.</summary>
    public static async Task<List<JsonNode>> ReadLinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
    }

    /// <summary>POSTs a dash form (<c>application/x-www-form-urlencoded</c>).</summary>
    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
