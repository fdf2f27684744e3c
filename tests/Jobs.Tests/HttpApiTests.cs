using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JobRuntime.Silo.Apis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobRuntime.Jobs.Tests;

/// <summary>Starts one API host for the tests of <see cref="HttpApiTests"/>.</summary>
public sealed class HttpApiFixture : IAsyncLifetime
{
    internal HttpApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await HttpApiHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class HttpApiTests(HttpApiFixture fixture) : IClassFixture<HttpApiFixture>
{
    private readonly HttpClient _alice = fixture.Host.Client("alice");

    [Fact]
    public async Task Creating_a_job_without_a_content_type_returns_201_and_its_id()
    {
        var content = JobsHttp.Body(new { program = "double", bid = 1.0, group = (string?)null, kind = "dotnet" });
        Assert.Null(content.Headers.ContentType);
        using var response = await _alice.PostAsync("/jobs/", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(HttpStatusCode.OK, (await _alice.GetAsync($"/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Creating_a_job_with_a_json_content_type_also_returns_201()
    {
        using var response = await _alice.PostAsJsonAsync("/jobs/", new { program = "double", kind = "dotnet" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_job_is_listed_and_read_with_the_CrowdProcess_fields_and_its_kind()
    {
        var id = await _alice.CreateAsync("double");
        var listed = (await _alice.GetFromJsonAsync<JsonElement[]>("/jobs/"))!.Single(j => j.GetProperty("id").GetString() == id);
        var read = await _alice.GetJobAsync(id);
        foreach (var job in new[] { listed, read })
        {
            Assert.Equal("active", job.GetProperty("status").GetString());
            Assert.Equal(1.0, job.GetProperty("bid").GetDouble());
            Assert.Equal(0.0, job.GetProperty("browserHours").GetDouble());
            Assert.Equal((0, 0, 0), (job.GetProperty("total").GetInt64(), job.GetProperty("finished").GetInt64(), job.GetProperty("failed").GetInt64()));
            Assert.EndsWith("Z", job.GetProperty("created").GetString());
            Assert.EndsWith("Z", job.GetProperty("modified").GetString());
            Assert.True(DateTime.UtcNow - job.GetProperty("created").GetDateTime().ToUniversalTime() < TimeSpan.FromMinutes(1));
            Assert.Equal(JsonValueKind.Null, job.GetProperty("lastResult").ValueKind);
            Assert.Equal("dotnet", job.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public async Task Jobs_are_listed_with_or_without_the_trailing_slash()
    {
        var id = await _alice.CreateAsync("double");
        Assert.Contains((await _alice.GetFromJsonAsync<JsonElement[]>("/jobs"))!, j => j.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Deleting_a_job_returns_204_and_then_it_is_not_found()
    {
        var id = await _alice.CreateAsync("double");
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetAsync($"/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.DeleteAsync($"/jobs/{id}")).StatusCode);
        Assert.DoesNotContain((await _alice.GetFromJsonAsync<JsonElement[]>("/jobs/"))!, j => j.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Deleting_all_jobs_returns_204_and_leaves_the_caller_none_and_others_theirs()
    {
        var token = fixture.Host.Client(null);
        token.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", "alice-token");
        var bob = fixture.Host.Client("bob");
        var bobs = await bob.CreateAsync("double");
        await _alice.CreateAsync("double");
        await token.CreateAsync("double");
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync("/jobs/")).StatusCode);
        Assert.Empty((await _alice.GetFromJsonAsync<JsonElement[]>("/jobs/"))!);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/jobs/{bobs}")).StatusCode);
    }

    [Fact]
    public async Task Ten_thousand_tasks_in_a_chunked_body_are_accepted_once_durable_and_all_run()
    {
        var id = await _alice.CreateAsync("double");
        using var response = await _alice.SubmitAsync(id, Enumerable.Range(0, 10_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(10_000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submitted").GetInt64());
        Assert.Equal(10_000, (await _alice.GetJobAsync(id)).GetProperty("total").GetInt64());
        var job = await _alice.WaitDoneAsync(id, 10_000);
        Assert.Equal(10_000, job.GetProperty("finished").GetInt64());
        Assert.Equal(JsonValueKind.String, job.GetProperty("lastResult").ValueKind);
        var results = await _alice.GetLinesAsync($"/jobs/{id}/results");
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => i * 2), results.Select(r => r.GetInt32()).Order());
    }

    [Fact]
    public async Task Blank_lines_and_CRLF_line_ends_in_a_task_body_are_ignored()
    {
        var id = await _alice.CreateAsync("double");
        using var response = await _alice.PostAsync($"/jobs/{id}/tasks", new StringContent("1\r\n\n  \r\n2\n3"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await _alice.WaitDoneAsync(id, 3);
        Assert.Equal([2, 4, 6], (await _alice.GetLinesAsync($"/jobs/{id}/results")).Select(r => r.GetInt32()).Order());
    }

    [Fact]
    public async Task Results_and_errors_are_read_back_as_CrowdProcess_lines()
    {
        var id = await _alice.CreateAsync("fail-on-4");
        Assert.Equal(HttpStatusCode.Created, (await _alice.SubmitAsync(id, Enumerable.Range(0, 10).Select(i => $"{i}"))).StatusCode);
        var job = await _alice.WaitDoneAsync(id, 10);
        Assert.Equal((9, 1), (job.GetProperty("finished").GetInt64(), job.GetProperty("failed").GetInt64()));
        var results = await _alice.GetLinesAsync($"/jobs/{id}/results");
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9], results.Select(r => r.GetInt32()).Order());
        var error = Assert.Single(await _alice.GetLinesAsync($"/jobs/{id}/errors"));
        Assert.Equal(["message", "name", "stack", "type"], error.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("oops, it's 4", error.GetProperty("message").GetString());
        Assert.Equal("InvalidOperationException", error.GetProperty("name").GetString());
        Assert.Equal("program", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_results_of_a_job_without_any_are_an_empty_answer()
    {
        var id = await _alice.CreateAsync("double");
        Assert.Empty(await _alice.GetLinesAsync($"/jobs/{id}/results"));
        Assert.Empty(await _alice.GetLinesAsync($"/jobs/{id}/errors"));
    }

    [Fact]
    public async Task A_results_stream_receives_lines_as_they_are_computed()
    {
        var id = await _alice.CreateAsync("double");
        using var response = await _alice.GetAsync($"/jobs/{id}/results?stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        // Submitted after the stream is open, as CrowdProcess's client does.
        Assert.Equal(HttpStatusCode.Created, (await _alice.SubmitAsync(id, Enumerable.Range(0, 10).Select(i => $"{i}"))).StatusCode);
        var seen = new List<int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (seen.Count < 10)
        {
            seen.Add(int.Parse((await lines.ReadLineAsync(timeout.Token))!, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), seen.Order());
        // Still open: more tasks, more lines.
        Assert.Equal(HttpStatusCode.Created, (await _alice.SubmitAsync(id, ["100"])).StatusCode);
        Assert.Equal("200", await lines.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task An_errors_stream_receives_errors_as_they_happen()
    {
        var id = await _alice.CreateAsync("fail-on-4");
        using var response = await _alice.GetAsync($"/jobs/{id}/errors?stream", HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        await _alice.SubmitAsync(id, ["3", "4", "5"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = JsonDocument.Parse((await lines.ReadLineAsync(timeout.Token))!).RootElement;
        Assert.Equal("oops, it's 4", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_live_results_stream_resumed_from_its_last_position_misses_and_repeats_nothing()
    {
        var id = await _alice.CreateAsync("double");
        var seen = new List<int>();
        long last;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using (var first = await _alice.GetAsync($"/jobs/{id}/results?stream&positions", HttpCompletionOption.ResponseHeadersRead))
        {
            using var lines = new StreamReader(await first.Content.ReadAsStreamAsync());
            Assert.Equal(HttpStatusCode.Created, (await _alice.SubmitAsync(id, Enumerable.Range(0, 100).Select(i => $"{i}"))).StatusCode);
            last = ReadPositioned(await lines.ReadLineAsync(timeout.Token), seen, 0);
            while (seen.Count < 40)
            {
                last = ReadPositioned(await lines.ReadLineAsync(timeout.Token), seen, last);
            }
        }
        // Disconnected: the rest are computed meanwhile, and more tasks come.
        await _alice.WaitDoneAsync(id, 100);
        Assert.Equal(HttpStatusCode.Created, (await _alice.SubmitAsync(id, Enumerable.Range(100, 20).Select(i => $"{i}"))).StatusCode);
        using (var resumed = await _alice.GetAsync($"/jobs/{id}/results?stream&positions&from={last}", HttpCompletionOption.ResponseHeadersRead))
        {
            using var lines = new StreamReader(await resumed.Content.ReadAsStreamAsync());
            while (seen.Count < 120)
            {
                last = ReadPositioned(await lines.ReadLineAsync(timeout.Token), seen, last);
            }
            Assert.Equal(Enumerable.Range(0, 120).Select(i => i * 2), seen.Order());
            // Nothing after the last one: no line repeated at the end either.
            using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await lines.ReadLineAsync(quiet.Token));
        }
    }

    // Reads {"position", "index", "value"}; positions only grow.
    private static long ReadPositioned(string? line, List<int> seen, long previous)
    {
        var item = JsonDocument.Parse(line!).RootElement;
        var position = item.GetProperty("position").GetInt64();
        Assert.True(position > previous, $"Position {position} after {previous}.");
        Assert.Equal(item.GetProperty("index").GetInt64() * 2, item.GetProperty("value").GetInt64());
        seen.Add(item.GetProperty("value").GetInt32());
        return position;
    }

    [Fact]
    public async Task Snapshot_positions_let_a_live_stream_continue_after_them()
    {
        var id = await _alice.CreateAsync("double");
        await _alice.SubmitAsync(id, ["1", "2"]);
        await _alice.WaitDoneAsync(id, 2);
        var snapshot = await _alice.GetLinesAsync($"/jobs/{id}/results?positions");
        var last = snapshot.Max(l => l.GetProperty("position").GetInt64());
        using var response = await _alice.GetAsync($"/jobs/{id}/results?stream&from={last}", HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        await _alice.SubmitAsync(id, ["3"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal("6", await lines.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task A_request_without_credentials_gets_401_with_a_Basic_challenge()
    {
        using var response = await fixture.Host.Client(null).GetAsync("/jobs/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Credentials are required", await response.MessageAsync());
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_user_or_a_wrong_token_gets_401()
    {
        var client = fixture.Host.Client(null);
        foreach (var header in new[]
        {
            HttpApiHost.Basic("alice", "bob-pw"),
            HttpApiHost.Basic("mallory", "alice-pw"),
            new AuthenticationHeaderValue("Token", "bob-token"),
            new AuthenticationHeaderValue("Basic", "not base64!"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs/") { Headers = { Authorization = header } };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEmpty(await response.MessageAsync());
        }
    }

    [Fact]
    public async Task Basic_and_Token_credentials_both_act_for_their_user()
    {
        var token = fixture.Host.Client(null);
        token.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", "alice-token");
        var id = await token.CreateAsync("double");
        Assert.Equal(HttpStatusCode.OK, (await _alice.GetAsync($"/jobs/{id}")).StatusCode);
        var bob = fixture.Host.Client("bob");
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/jobs/")).StatusCode);
    }

    [Fact]
    public async Task Another_users_job_is_not_found_for_every_route()
    {
        var bob = fixture.Host.Client("bob");
        var id = await bob.CreateAsync("double");
        var unknown = Guid.NewGuid().ToString();
        foreach (var (method, path, body) in new (HttpMethod, string, HttpContent?)[]
        {
            (HttpMethod.Get, $"/jobs/{id}", null),
            (HttpMethod.Delete, $"/jobs/{id}", null),
            (HttpMethod.Post, $"/jobs/{id}/tasks", new StringContent("1\n")),
            (HttpMethod.Get, $"/jobs/{id}/tasks/0", null),
            (HttpMethod.Get, $"/jobs/{id}/results", null),
            (HttpMethod.Get, $"/jobs/{id}/errors?stream", null),
        })
        {
            using var response = await _alice.SendAsync(new HttpRequestMessage(method, path) { Content = body });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            // Worded as for a job that does not exist.
            Assert.Equal($"Job '{id}' does not exist or was deleted.", await response.MessageAsync());
        }
        Assert.DoesNotContain((await _alice.GetFromJsonAsync<JsonElement[]>("/jobs/"))!, j => j.GetProperty("id").GetString() == id);
        var job = await bob.GetJobAsync(id);
        Assert.Equal(0, job.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task An_unknown_job_id_gets_404_with_a_message()
    {
        var id = Guid.NewGuid().ToString();
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/jobs/{id}"), (HttpMethod.Delete, $"/jobs/{id}"), (HttpMethod.Get, $"/jobs/{id}/results"), (HttpMethod.Get, $"/jobs/{id}/errors") })
        {
            using var response = await _alice.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(id, await response.MessageAsync());
        }
        using var tasks = await _alice.SubmitAsync(id, ["1"]);
        Assert.Equal(HttpStatusCode.NotFound, tasks.StatusCode);
    }

    [Fact]
    public async Task A_create_body_that_is_not_JSON_gets_400()
    {
        using var response = await _alice.PostAsync("/jobs/", new StringContent("{\"program\": "));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a JSON job", await response.MessageAsync());
    }

    [Fact]
    public async Task A_job_without_a_program_or_with_an_unknown_kind_gets_400()
    {
        using var missing = await _alice.PostAsync("/jobs/", JobsHttp.Body(new { bid = 1.0 }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("no program", await missing.MessageAsync());
        using var kind = await _alice.PostAsync("/jobs/", JobsHttp.Body(new { program = "double", kind = "cobol" }));
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Contains("cobol", await kind.MessageAsync());
    }

    [Fact]
    public async Task A_dotnet_job_naming_an_unknown_handler_gets_400_naming_the_handlers()
    {
        using var response = await _alice.PostAsync("/jobs/", JobsHttp.Body(new { program = "triple", kind = "dotnet" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await response.MessageAsync();
        Assert.Contains("triple", message);
        Assert.Contains("double", message);
    }

    [Fact]
    public async Task An_option_out_of_range_gets_400()
    {
        using var response = await _alice.PostAsync("/jobs/", JobsHttp.Body(new { program = "double", kind = "dotnet", bid = -1 }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bid", await response.MessageAsync());
    }

    [Fact]
    public async Task A_JavaScript_job_on_a_silo_without_JavaScript_gets_400_saying_so()
    {
        await using var host = await HttpApiHost.StartAsync(configuration: new() { ["JobRuntime:Node:Path"] = "/nonexistent/node" });
        using var client = host.Client("alice");
        using var response = await client.PostAsync("/jobs/", JobsHttp.Body(new { program = "function Run(d) { return d; }", bid = 1.0, group = (string?)null }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JavaScript jobs cannot run on this silo", await response.MessageAsync());
    }

    [Fact]
    public async Task A_task_line_that_is_not_JSON_gets_400_naming_the_line_and_what_was_submitted()
    {
        var id = await _alice.CreateAsync("double");
        using var response = await _alice.SubmitAsync(id, ["1", "2", "", "{\"a\": }", "5"]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await response.MessageAsync();
        Assert.Contains("Line 4 ", message);
        Assert.Contains("The 2 tasks before it were submitted", message);
        Assert.Equal(2, (await _alice.GetJobAsync(id)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Two_values_on_one_task_line_get_400()
    {
        var id = await _alice.CreateAsync("double");
        using var response = await _alice.SubmitAsync(id, ["1 2"]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line 1 ", await response.MessageAsync());
    }

    [Fact]
    public async Task An_empty_task_body_gets_400()
    {
        var id = await _alice.CreateAsync("double");
        foreach (var body in new[] { "", "\n\n  \n" })
        {
            using var response = await _alice.PostAsync($"/jobs/{id}/tasks", new StringContent(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("no tasks", await response.MessageAsync());
        }
    }

    [Fact]
    public async Task A_task_line_over_the_size_limit_gets_413()
    {
        var id = await _alice.CreateAsync("double");
        var big = $"\"{new string('x', HttpApiHost.MaxTaskBytes)}\"";
        using var response = await _alice.SubmitAsync(id, ["1", big, "3"]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var message = await response.MessageAsync();
        Assert.Contains("Line 2 ", message);
        Assert.Contains("MaxTaskBytes", message);
    }

    [Fact]
    public async Task A_task_is_read_back_with_its_state_and_result()
    {
        var id = await _alice.CreateAsync("double");
        await _alice.SubmitAsync(id, ["21"]);
        await _alice.WaitDoneAsync(id, 1);
        var task = await _alice.GetFromJsonAsync<JsonElement>($"/jobs/{id}/tasks/0");
        Assert.Equal("done", task.GetProperty("state").GetString());
        Assert.Equal(42, task.GetProperty("result").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetAsync($"/jobs/{id}/tasks/5")).StatusCode);
    }

    [Fact]
    public async Task A_from_without_stream_or_a_bad_from_gets_400()
    {
        var id = await _alice.CreateAsync("double");
        Assert.Equal(HttpStatusCode.BadRequest, (await _alice.GetAsync($"/jobs/{id}/results?from=3")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _alice.GetAsync($"/jobs/{id}/results?stream&from=x")).StatusCode);
    }
}

public sealed class OpenHttpApiTests
{
    [Fact]
    public async Task Without_configured_users_or_tokens_every_request_runs_as_local()
    {
        await using var host = await HttpApiHost.StartAsync(withUsers: false);
        var anonymous = host.Client(null);
        var id = await anonymous.CreateAsync("double");
        var signed = host.Client("anyone");
        Assert.Equal(HttpStatusCode.OK, (await signed.GetAsync($"/jobs/{id}")).StatusCode);
        Assert.Single((await anonymous.GetFromJsonAsync<JsonElement[]>("/jobs/"))!);
    }

    [Fact]
    public async Task Plain_text_passwords_and_tokens_are_kept_only_as_hashes()
    {
        await using var host = await HttpApiHost.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<JobsApiOptions>>().Value;
        Assert.All(options.Users, u => Assert.Null(u.Password));
        Assert.StartsWith("pbkdf2-sha256$210000$", options.Users.Single(u => u.Name == "alice").PasswordHash);
        Assert.All(options.Tokens, t => Assert.Null(t.Token));
        Assert.Equal(64, options.Tokens.Single().TokenSha256!.Length);
    }

    [Fact]
    public async Task A_user_without_a_password_stops_the_host_at_startup_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HttpApiHost.StartAsync(configuration: new() { ["JobRuntime:Http:Users:2:Name"] = "carol" }));
        Assert.Contains("JobRuntime:Http:Users:2 has neither Password nor PasswordSha256", error.Message);
    }
}
