using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>
/// One silo process with users on every surface, and data of alice's on each that another caller
/// must never see (every value holds <see cref="Secret"/>): users alice (project 1) and bob
/// (project 2) with passwords and API keys, the administrator root (a password) and the
/// administrator admin (an API key); two platform jobs of alice's with their tokens.
/// </summary>
public sealed class MatrixSilo : IAsyncLifetime
{
    public const string Secret = "alice-secret";
    public const string AliceKey = "alice-key-0123456789abcdef";
    public const string BobKey = "bob-key-0123456789abcdef";
    public const string AdminKey = "admin-key-0123456789abcdef";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("jobruntime-matrix-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    public string Directory => _directory;

    public string Job { get; private set; } = "";

    /// <summary>Alice's two platform jobs (spider and job numbers) and their tokens.</summary>
    public (string Spider, string Job, string Token) First { get; private set; }

    public (string Spider, string Job, string Token) Second { get; private set; }

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
            "--JobRuntime:Users:0:Name", "alice", "--JobRuntime:Users:0:Password", "alice-pw",
            "--JobRuntime:Users:0:ApiKeys:0", AliceKey, "--JobRuntime:Users:0:ApiKeys:1", "alice-token", "--JobRuntime:Users:0:Projects:0", "1",
            "--JobRuntime:Users:1:Name", "bob", "--JobRuntime:Users:1:Password", "bob-pw",
            "--JobRuntime:Users:1:ApiKeys:0", BobKey, "--JobRuntime:Users:1:Projects:0", "2",
            "--JobRuntime:Users:2:Name", "root", "--JobRuntime:Users:2:Password", "root-pw", "--JobRuntime:Users:2:Admin", "true",
            "--JobRuntime:Users:3:Name", "admin", "--JobRuntime:Users:3:ApiKeys:0", AdminKey, "--JobRuntime:Users:3:Admin", "true");
        using var created = await SendAsync(HttpMethod.Post, "/jobs/", Basic("alice", "alice-pw"),
            JsonContent.Create(new { program = $"function Run(d) {{ return '{Secret}-' + d; }}" }));
        Job = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        First = await PushAsync();
        Second = await PushAsync();
        var alice = Basic(AliceKey, "");
        await ExpectOkAsync(HttpMethod.Post, $"/storage/items/1/{First.Spider}/{First.Job}", alice, Lines($"{{\"{Secret}\":\"item\"}}"));
        await ExpectOkAsync(HttpMethod.Post, $"/storage/jobs/1/{First.Spider}/{First.Job}", alice, Lines($"{{\"secret\":\"{Secret}-meta\"}}"));
        await ExpectOkAsync(HttpMethod.Post, "/storage/projects/1/settings", alice, Lines($"{{\"secret\":\"{Secret}-setting\"}}"));
        await ExpectOkAsync(HttpMethod.Post, "/storage/collections/1/s/secrets", alice, Lines($"{{\"_key\":\"k\",\"value\":\"{Secret}-collection\"}}"));
        await ExpectOkAsync(HttpMethod.Put, "/state/matrix/keys/secret", Basic("alice", "alice-pw"), Lines($"\"{Secret}-state\""));
        await ExpectOkAsync(HttpMethod.Post, "/queues/matrix-queue/messages", Basic("alice", "alice-pw"), Lines($"{{\"{Secret}\":\"queued\"}}"));
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static StringContent Lines(params string[] lines) => new(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/json");

    /// <summary>Sends a request and waits for its headers only (streams stay open).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? credentials, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = credentials;
        return await Silo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The body, or as much of it as arrives within two seconds (a stream never ends by itself).</summary>
    public static async Task<string> ReadSomeAsync(HttpResponseMessage response)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var text = new StringBuilder();
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[8192];
            int read;
            while (text.Length < 1 << 20 && (read = await body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        return text.ToString();
    }

    // A job pushed and started: the token is made when the job starts running.
    private async Task<(string, string, string)> PushAsync()
    {
        var alice = Basic(AliceKey, "");
        await ExpectOkAsync(HttpMethod.Post, "/storage/jobq/1/push", alice, Lines("{\"spider\":\"matrix-spider\"}"));
        using var started = await SendAsync(HttpMethod.Post, "/storage/jobq/1/startjob", alice, Lines("{}"));
        var line = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        var key = line.GetProperty("key").GetString()!.Split('/');
        return (key[1], key[2], line.GetProperty("auth").GetString()!);
    }

    private async Task ExpectOkAsync(HttpMethod method, string path, AuthenticationHeaderValue credentials, HttpContent content)
    {
        using var response = await SendAsync(method, path, credentials, content);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
