using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JobRuntime.Grains.Hosting;
using JobRuntime.Silo.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// The jobs HTTP API hosted in-process on a free loopback port, over a silo with jobs and the .NET
/// handlers "double" and "fail-on-4". Users: alice (password "alice-pw", token "alice-token") and
/// bob (password "bob-pw", configured by its SHA-256); or none (everyone is "local").
/// </summary>
internal sealed class HttpApiHost : IAsyncDisposable
{
    public const int MaxTaskBytes = 4096;

    private readonly WebApplication _app;
    private readonly string _directory;

    private HttpApiHost(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<HttpApiHost> StartAsync(bool withUsers = true, Dictionary<string, string?>? configuration = null)
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-http-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = Environments.Production, Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        var settings = new Dictionary<string, string?>
        {
            ["JobRuntime:Http:MaxTaskBytes"] = MaxTaskBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (withUsers)
        {
            settings["JobRuntime:Http:Users:0:Name"] = "alice";
            settings["JobRuntime:Http:Users:0:Password"] = "alice-pw";
            settings["JobRuntime:Http:Users:1:Name"] = "bob";
            settings["JobRuntime:Http:Users:1:PasswordSha256"] = Convert.ToHexString(SHA256.HashData("bob-pw"u8));
            settings["JobRuntime:Http:Tokens:0:Token"] = "alice-token";
            settings["JobRuntime:Http:Tokens:0:User"] = "alice";
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(TestPorts.Free(), TestPorts.Free())
            .UseSqlite(o => o.DataSource = Path.Combine(directory, "silo.db"))
            .AddJobRuntime()
            .AddJobs()
            .AddTaskHandler<int, int>("double", (d, _) => Task.FromResult(d * 2))
            .AddTaskHandler<int, int>("fail-on-4", (d, _) => d == 4 ? throw new InvalidOperationException($"oops, it's {d}") : Task.FromResult(d)));
        builder.AddJobsApi();
        var app = builder.Build();
        app.MapJobsApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
        return new HttpApiHost(app, directory, new Uri(app.Urls.First()));
    }

    /// <summary>A client of the API; with a user, as that user with Basic credentials.</summary>
    public HttpClient Client(string? user = "alice")
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = Basic(user, $"{user}-pw");
        }
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The API as CrowdProcess's Python client drives it.</summary>
internal static class JobsHttp
{
    /// <summary>POST /jobs/ without a Content-Type header, as the Python client does; returns the id.</summary>
    public static async Task<string> CreateAsync(this HttpClient http, string program, string? kind = "dotnet")
    {
        using var response = await http.PostAsync("/jobs/", Body(new { program, bid = 1.0, group = (string?)null, kind }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A JSON body with no Content-Type header.</summary>
    public static ByteArrayContent Body(object value) => new(JsonSerializer.SerializeToUtf8Bytes(value));

    /// <summary>POST /jobs/{id}/tasks with a chunked body, one JSON value per line.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient http, string id, IEnumerable<string> lines) =>
        http.PostAsync($"/jobs/{id}/tasks", new LinesContent(lines));

    public static async Task<JsonElement> GetJobAsync(this HttpClient http, string id) =>
        await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");

    /// <summary>Polls GET /jobs/{id} until total == finished + failed (and total is <paramref name="total"/>), like CrowdProcess's tests.</summary>
    public static async Task<JsonElement> WaitDoneAsync(this HttpClient http, string id, long total)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var job = await http.GetJobAsync(id);
            var (t, f, e) = (job.GetProperty("total").GetInt64(), job.GetProperty("finished").GetInt64(), job.GetProperty("failed").GetInt64());
            if (t == total && t == f + e)
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Job {id} is not done: {f} finished and {e} failed of {t}.");
            await Task.Delay(50);
        }
    }

    /// <summary>GET a newline-delimited JSON answer to its end.</summary>
    public static async Task<List<JsonElement>> GetLinesAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    public static async Task<string> MessageAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;
    }

    /// <summary>A body of unknown length (sent chunked), written line by line.</summary>
    private sealed class LinesContent(IEnumerable<string> lines) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(line);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
