using System.Net;

namespace JobRuntime.Platform.Tests;

/// <summary>
/// A job's token (job key as Basic user, token as password) reaches its own job's data and
/// metadata and what its project's jobs share (collections, frontiers, reading settings), nothing else.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class JobTokenScopeTests(PlatformSilo silo)
{
    private async Task<(HttpClient Token, string Own, string Other)> JobsAsync(string spider)
    {
        var (own, token) = await PlatformSilo.PushWithTokenAsync(silo.Alice, 1, spider, "running");
        var other = await PlatformSilo.PushAsync(silo.Alice, 1, spider + "-other");
        return (silo.Client(own, token!), own, other);
    }

    [Fact]
    public async Task A_job_token_writes_and_reads_its_own_jobs_items_and_metadata()
    {
        var (token, own, _) = await JobsAsync("scope-own");
        Assert.Equal(HttpStatusCode.OK, (await token.PostAsync($"/storage/items/{own}?start=0", PlatformSilo.Lines(["{\"a\":1}"]))).StatusCode);
        Assert.Single(await PlatformSilo.ReadLinesAsync(await token.GetAsync($"/storage/items/{own}")));
        Assert.Equal(HttpStatusCode.OK, (await token.PostAsync($"/storage/jobs/{own}/progress", new StringContent("1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync($"/storage/jobs/{own}")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/storage/items/{other}")]
    [InlineData("POST", "/storage/items/{other}?start=0")]
    [InlineData("GET", "/storage/items/{other}/stats")]
    [InlineData("GET", "/storage/logs/{other}")]
    [InlineData("GET", "/storage/jobs/{other}")]
    [InlineData("POST", "/storage/jobs/{other}")]
    [InlineData("POST", "/storage/jobq/1/update")]
    public async Task A_job_token_is_forbidden_another_jobs_data_and_metadata(string method, string path)
    {
        var (token, _, other) = await JobsAsync("scope-other-" + method + path.Length);
        var body = path.Contains("update", StringComparison.Ordinal) ? $"{{\"key\":\"{other}\",\"state\":\"finished\"}}" : "{\"a\":1}";
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{other}", other, StringComparison.Ordinal))
        {
            Content = method == "POST" ? PlatformSilo.Lines([body]) : null,
        };
        using var response = await token.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/storage/items/1")]
    [InlineData("GET", "/storage/jobq/1/list")]
    [InlineData("GET", "/storage/jobq/1/count")]
    [InlineData("POST", "/storage/jobq/1/push")]
    [InlineData("POST", "/storage/jobq/1/startjob")]
    [InlineData("GET", "/storage/activity/1")]
    [InlineData("POST", "/storage/projects/1/settings")]
    [InlineData("GET", "/storage/ids/1/spider/scope")]
    [InlineData("DELETE", "/storage/jobs/{own}")]
    [InlineData("GET", "/storage/collections/2/s/shared")]
    public async Task A_job_token_is_forbidden_project_wide_endpoints(string method, string path)
    {
        var (token, own, _) = await JobsAsync("scope-project-" + method + path.Length);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{own}", own, StringComparison.Ordinal))
        {
            Content = method == "POST" ? PlatformSilo.Lines(["{\"spider\":\"scope\"}"]) : null,
        };
        using var response = await token.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_job_token_is_refused_by_the_dash()
    {
        var (token, _, _) = await JobsAsync("scope-dash");
        using var response = await token.PostAsync("/api/run.json", PlatformSilo.Form(("project", "1"), ("spider", "scope-dash")));
        Assert.Equal("error", System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_token_uses_its_projects_collections_frontiers_and_settings()
    {
        var (token, _, _) = await JobsAsync("scope-shared");
        Assert.Equal(HttpStatusCode.OK, (await token.PostAsync("/storage/collections/1/s/scope_shared", PlatformSilo.Lines(["{\"_key\":\"a\",\"v\":1}"]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/storage/collections/1/s/scope_shared/a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.PostAsync("/storage/hcf/1/scope/s/0", PlatformSilo.Lines(["{\"fp\":\"/a\"}"]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/storage/projects/1/settings")).StatusCode);
    }

    [Fact]
    public async Task A_finished_jobs_token_still_cannot_reach_other_jobs()
    {
        var (token, own, other) = await JobsAsync("scope-finished");
        await silo.Alice.PostAsync("/storage/jobq/1/update", PlatformSilo.Lines([$"{{\"key\":\"{own}\",\"state\":\"finished\"}}"]));
        using var response = await token.GetAsync($"/storage/items/{other}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
