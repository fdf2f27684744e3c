using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Silo.Tests;

/// <summary>The jobs HTTP API of the built silo, run as its own process with users given on the command line.</summary>
public sealed class JobsApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-jobs-api-").FullName;

    private Task<SiloProcess> StartAsync() =>
        SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
            "--JobRuntime:Http:Users:0:Name", "alice",
            "--JobRuntime:Http:Users:0:Password", "alice-pw",
            "--JobRuntime:Http:Tokens:0:Token", "alice-token",
            "--JobRuntime:Http:Tokens:0:User", "alice");

    private static HttpClient As(SiloProcess silo, AuthenticationHeaderValue? credentials) =>
        new() { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { Authorization = credentials } };

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Fact]
    public async Task Passwords_and_tokens_never_reach_the_silo_log_even_at_debug_level()
    {
        await using (var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
            "--Logging:LogLevel:Default", "Debug", "--Logging:LogLevel:Orleans", "Debug", "--Logging:LogLevel:Microsoft.AspNetCore", "Debug",
            "--JobRuntime:Http:Users:0:Name", "alice", "--JobRuntime:Http:Users:0:Password", "secret-password-1",
            "--JobRuntime:Http:Tokens:0:Token", "secret-token-2", "--JobRuntime:Http:Tokens:0:User", "alice"))
        {
            using var right = await As(silo, Basic("alice", "secret-password-1")).GetAsync("/jobs/");
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            using var wrong = await As(silo, Basic("alice", "secret-password-3")).GetAsync("/jobs/");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var token = await As(silo, new AuthenticationHeaderValue("Token", "secret-token-2")).GetAsync("/jobs/");
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            await silo.KillAsync();
            var log = await File.ReadAllTextAsync(silo.LogPath);
            Assert.Contains("Request starting", log); // debug logging was on
            Assert.DoesNotContain("secret-password-1", log);
            Assert.DoesNotContain("secret-password-3", log);
            Assert.DoesNotContain("secret-token-2", log);
        }
    }

    [Fact]
    public async Task The_silo_process_refuses_requests_without_the_configured_credentials()
    {
        await using var silo = await StartAsync();
        using var anonymous = await As(silo, null).GetAsync("/jobs/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await As(silo, Basic("alice", "wrong")).GetAsync("/jobs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await As(silo, Basic("alice", "alice-pw")).GetAsync("/jobs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await As(silo, new AuthenticationHeaderValue("Token", "alice-token")).GetAsync("/jobs/")).StatusCode);
    }

    [Fact]
    public async Task The_silo_process_creates_lists_runs_and_deletes_a_JavaScript_job_or_says_why_it_cannot()
    {
        await using var silo = await StartAsync();
        var health = await silo.Http.GetFromJsonAsync<JsonElement>("/health");
        var javaScript = health.GetProperty("javaScript");
        var alice = As(silo, Basic("alice", "alice-pw"));
        using var created = await alice.PostAsync("/jobs/", new ByteArrayContent("""{"program": "function Run(d) { return d * 2; }", "bid": 1.0, "group": null}"""u8.ToArray()));
        if (!javaScript.GetProperty("available").GetBoolean())
        {
            // No JavaScript executor here: the job is refused with the reason /health gives.
            Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
            var message = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
            Assert.Equal(javaScript.GetProperty("reason").GetString(), message);
            Assert.Empty((await alice.GetFromJsonAsync<JsonElement[]>("/jobs/"))!);
            return;
        }
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Contains((await alice.GetFromJsonAsync<JsonElement[]>("/jobs/"))!, j => j.GetProperty("id").GetString() == id);
        var tasks = new StringContent(string.Join("\n", Enumerable.Range(0, 10)) + "\n");
        tasks.Headers.ContentType = null;
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/jobs/{id}/tasks", tasks)).StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement job;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "The job did not finish in 60 s.");
            await Task.Delay(100);
            job = await alice.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        }
        while (job.GetProperty("total").GetInt64() != job.GetProperty("finished").GetInt64() + job.GetProperty("failed").GetInt64());
        Assert.Equal((10, 10, 0), (job.GetProperty("total").GetInt64(), job.GetProperty("finished").GetInt64(), job.GetProperty("failed").GetInt64()));
        var results = (await alice.GetStringAsync($"/jobs/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), results.Select(r => int.Parse(r, CultureInfo.InvariantCulture)).Order());
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync("/jobs/")).StatusCode);
    }

    [Fact]
    public async Task The_silo_process_answers_bad_input_with_JSON_messages()
    {
        await using var silo = await StartAsync();
        var alice = As(silo, Basic("alice", "alice-pw"));
        foreach (var (path, body, status) in new[]
        {
            ("/jobs/", "not json", HttpStatusCode.BadRequest),
            ("/jobs/", """{"program": "no-such-handler", "kind": "dotnet"}""", HttpStatusCode.BadRequest),
            ($"/jobs/{Guid.NewGuid()}/tasks", "1\n", HttpStatusCode.NotFound),
        })
        {
            using var response = await alice.PostAsync(path, new StringContent(body));
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
