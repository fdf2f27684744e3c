using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>A silo process with small JobRuntime:Http:Limits: bodies, per-user rate and open streams; users alice, bob, carol and dave.</summary>
public sealed class LimitsSilo : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-limits-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string[] users = ["alice", "bob", "carol", "dave"];
        Silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
        [
            .. users.SelectMany((u, i) => new[] { $"--JobRuntime:Http:Users:{i}:Name", u, $"--JobRuntime:Http:Users:{i}:Password", u + "-pw" }),
            "--JobRuntime:Http:Limits:MaxRequestBodyBytes", "2048",
            "--JobRuntime:Http:Limits:RequestsPerSecond", "1",
            "--JobRuntime:Http:Limits:RequestBurst", "10",
            "--JobRuntime:Http:Limits:MaxStreamsPerUser", "2",
        ]);
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
}

/// <summary>The limits of <see cref="LimitsSilo"/> at work.</summary>
public sealed class LimitsTests(LimitsSilo silo) : IClassFixture<LimitsSilo>
{
    [Fact]
    public async Task A_body_over_the_limit_gets_413_with_a_JSON_message_and_the_silo_keeps_serving()
    {
        var program = "function Run(d) { return d; }" + new string(' ', 4096);

        using var response = await SendAsync(HttpMethod.Post, "/jobs/", "alice", JsonContent.Create(new { program }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("2048", Message(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var after = await SendAsync(HttpMethod.Get, "/jobs/", "alice");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_task_upload_is_a_streamed_body_that_may_exceed_the_plain_body_limit()
    {
        using var created = await SendAsync(HttpMethod.Post, "/jobs/", "alice", JsonContent.Create(new { program = "function Run(d) { return d; }" }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var tasks = string.Join('\n', Enumerable.Range(0, 1_000)) + "\n"; // about 4 KB

        using var submitted = await SendAsync(HttpMethod.Post, $"/jobs/{id}/tasks", "alice", new StringContent(tasks, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
    }

    [Fact]
    public async Task Past_its_burst_a_user_gets_429_with_Retry_After_while_another_user_is_served()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => SendAsync(HttpMethod.Get, "/jobs/", "carol")));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();

        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {r.Headers.RetryAfter}"));
        Assert.Contains("RequestsPerSecond", Message(await refused[0].Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var bob = await SendAsync(HttpMethod.Get, "/jobs/", "bob");
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Past_its_open_streams_a_user_gets_429_until_one_closes()
    {
        var first = await SendAsync(HttpMethod.Get, "/console/events/jobs", "dave");
        using var second = await SendAsync(HttpMethod.Get, "/console/events/jobs", "dave");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using var third = await SendAsync(HttpMethod.Get, "/console/events/jobs", "dave");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains("MaxStreamsPerUser", Message(await third.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        first.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode again;
        do
        {
            await Task.Delay(1_000); // also lets the rate limiter's bucket refill
            using var retry = await SendAsync(HttpMethod.Get, "/console/events/jobs", "dave");
            again = retry.StatusCode;
        }
        while (again != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, again);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string user, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{user}-pw")));
        return await silo.Silo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;
}
