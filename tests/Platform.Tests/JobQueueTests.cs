using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace JobRuntime.Platform.Tests;

/// <summary>Projects, spiders and the job queue, spoken as python-scrapinghub speaks them (dash forms, storage JSON lines).</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobQueueTests(PlatformSilo silo)
{
    private async Task<string> PushAsync(string spider, string extra = "")
    {
        using var response = await silo.Alice.PostAsync("/storage/jobq/1/push", PlatformSilo.Lines([$"{{\"spider\":\"{spider}\"{extra}}}"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = (await PlatformSilo.ReadLinesAsync(response)).Single();
        return line["key"]!.GetValue<string>();
    }

    private async Task<JsonObject> MetadataAsync(string key)
    {
        using var response = await silo.Alice.GetAsync($"/storage/jobs/{key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)(await PlatformSilo.ReadLinesAsync(response)).Single();
    }

    [Fact]
    public async Task Run_json_schedules_a_pending_job_with_the_default_priority_units_and_its_arguments()
    {
        await silo.Alice.GetAsync("/storage/ids/1/spider/run-defaults?create=True");
        using var response = await silo.Alice.PostAsync("/api/run.json", PlatformSilo.Form(
            ("project", "1"), ("spider", "run-defaults"), ("add_tag", "tagA"), ("arg1", "val1"), ("meta", "{\"meta1\":\"v\"}")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        var metadata = await MetadataAsync(body["jobid"]!.GetValue<string>());
        Assert.Equal("pending", metadata["state"]!.GetValue<string>());
        Assert.Equal(2, metadata["priority"]!.GetValue<int>());
        Assert.Equal(1, metadata["units"]!.GetValue<int>());
        Assert.Equal(1, metadata["project"]!.GetValue<int>());
        Assert.Equal("run-defaults", metadata["spider"]!.GetValue<string>());
        Assert.Equal("val1", metadata["spider_args"]!["arg1"]!.GetValue<string>());
        Assert.Equal("v", metadata["meta1"]!.GetValue<string>());
        Assert.Equal("tagA", metadata["tags"]![0]!.GetValue<string>());
        Assert.True(metadata["pending_time"]!.GetValue<long>() > 0);
        Assert.Null(metadata["auth"]);
    }

    [Fact]
    public async Task Running_a_spider_that_already_has_a_pending_job_is_refused_as_already_scheduled()
    {
        await silo.Alice.GetAsync("/storage/ids/1/spider/run-twice?create=True");
        using var first = await silo.Alice.PostAsync("/api/run.json", PlatformSilo.Form(("project", "1"), ("spider", "run-twice")));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await silo.Alice.PostAsync("/api/run.json", PlatformSilo.Form(("project", "1"), ("spider", "run-twice")));
        var body = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.NotEqual("ok", body["status"]!.GetValue<string>());
        Assert.Contains("already scheduled", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Running_an_unknown_spider_is_a_bad_request()
    {
        using var response = await silo.Alice.PostAsync("/api/run.json", PlatformSilo.Form(("project", "1"), ("spider", "never-deployed")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("badrequest", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_push_with_the_unique_key_of_an_active_job_answers_an_active_job_error_line()
    {
        await PushAsync("unique-spider", ",\"unique\":\"u1\"");
        using var response = await silo.Alice.PostAsync("/storage/jobq/1/push", PlatformSilo.Lines(["{\"spider\":\"unique-spider\",\"unique\":\"u1\"}"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Active job", (await PlatformSilo.ReadLinesAsync(response)).Single()["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Startjob_update_and_finish_stamp_times_and_users_and_the_job_token_authenticates()
    {
        // Project 4 is this test's alone, so startjob pops the job it pushed.
        using var push = await silo.Alice.PostAsync("/storage/jobq/4/push", PlatformSilo.Lines(["{\"spider\":\"lifecycle\"}"]));
        var key = (await PlatformSilo.ReadLinesAsync(push)).Single()["key"]!.GetValue<string>();
        using var start = await silo.Admin.PostAsync("/storage/jobq/4/startjob", PlatformSilo.Lines(["{}"]));
        var started = JsonNode.Parse(await start.Content.ReadAsStringAsync())!;
        Assert.Equal("running", started["state"]!.GetValue<string>());
        Assert.True(started["running_time"]!.GetValue<long>() > 0);
        var startedKey = started["key"]!.GetValue<string>();
        Assert.Equal(key, startedKey);
        using var none = await silo.Admin.PostAsync("/storage/jobq/4/startjob", PlatformSilo.Lines(["{}"]));
        Assert.Equal("", await none.Content.ReadAsStringAsync());
        var token = started["auth"]!.GetValue<string>();
        using var asJob = silo.Client(startedKey, token);
        using var write = await asJob.PostAsync($"/storage/items/{startedKey}?start=0", PlatformSilo.Lines(["{\"a\":1}"], gzip: true));
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        using var wrongToken = silo.Client(startedKey, "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongToken.GetAsync($"/storage/jobs/{startedKey}")).StatusCode);

        using var update = await silo.Alice.PostAsync("/storage/jobq/4/update", PlatformSilo.Lines([$"{{\"key\":\"{key}\",\"state\":\"finished\",\"close_reason\":\"all-good\"}}"]));
        var changed = (await PlatformSilo.ReadLinesAsync(update)).Single();
        Assert.Equal(key, changed["key"]!.GetValue<string>());
        var metadata = await MetadataAsync(key);
        Assert.Equal("finished", metadata["state"]!.GetValue<string>());
        Assert.Equal("all-good", metadata["close_reason"]!.GetValue<string>());
        Assert.True(metadata["finished_time"]!.GetValue<long>() > 0);
        Assert.Equal("alice", metadata["completed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_by_count_is_for_administrators_and_keys_with_count_together_are_a_bad_request()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await silo.Alice.PostAsync("/storage/jobq/1/cancel?count=1", null)).StatusCode);
        using var both = await silo.Alice.PostAsync("/storage/jobq/1/cancel?count=1", new StringContent("[{\"key\":\"1/1/1\"}]"));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task Updating_an_unknown_job_answers_an_empty_body()
    {
        using var update = await silo.Alice.PostAsync("/storage/jobq/1/update", PlatformSilo.Lines(["{\"key\":\"1/999/999\",\"state\":\"finished\"}"]));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("", await update.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cancelling_a_pending_job_finishes_it_and_unknown_keys_count_zero()
    {
        var key = await PushAsync("cancel-pending");
        using var response = await silo.Alice.PostAsync("/storage/jobq/1/cancel",
            new StringContent($"[{{\"key\":\"{key}\"}},{{\"key\":\"1/9999/1\"}}]", Encoding.UTF8));
        Assert.Equal(1, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["count"]!.GetValue<int>());
        Assert.Equal("finished", (await MetadataAsync(key))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Count_and_list_see_only_finished_jobs_unless_a_state_is_given_and_list_is_newest_first()
    {
        var a = await PushAsync("count-spider", ",\"tags\":[\"x\"]");
        var b = await PushAsync("count-spider");
        await silo.Alice.PostAsync("/storage/jobq/1/update", PlatformSilo.Lines([$"{{\"key\":\"{a}\",\"state\":\"finished\"}}"]));
        Assert.Equal("1", (await silo.Alice.GetStringAsync("/storage/jobq/1/count?spider=count-spider")).Trim());
        Assert.Equal("2", (await silo.Alice.GetStringAsync("/storage/jobq/1/count?spider=count-spider&state=finished&state=pending")).Trim());
        using var list = await silo.Alice.GetAsync("/storage/jobq/1/list?spider=count-spider&state=pending&state=finished");
        var keys = (await PlatformSilo.ReadLinesAsync(list)).Select(l => l["key"]!.GetValue<string>()).ToList();
        Assert.Equal([a, b], keys); // a changed state last
        using var tagged = await silo.Alice.GetAsync("/storage/jobq/1/list?spider=count-spider&state=pending&state=finished&has_tag=x");
        Assert.Equal([a], (await PlatformSilo.ReadLinesAsync(tagged)).Select(l => l["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_summary_has_three_lines_pending_running_finished_with_total_counts()
    {
        using var response = await silo.Alice.GetAsync("/storage/jobq/1/summary");
        var lines = await PlatformSilo.ReadLinesAsync(response);
        Assert.Equal(["pending", "running", "finished"], lines.Select(l => l["name"]!.GetValue<string>()));
        using var empty = await silo.Bob.GetAsync("/storage/jobq/2/summary/running");
        Assert.Equal("{\"count\":0,\"name\":\"running\",\"summary\":[]}", (await empty.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Job_metadata_fields_are_set_read_and_deleted_and_a_missing_field_reads_null()
    {
        var key = await PushAsync("metadata-spider");
        await silo.Alice.PostAsync($"/storage/jobs/{key}/color", new StringContent("\"red\""));
        Assert.Equal("\"red\"", (await silo.Alice.GetStringAsync($"/storage/jobs/{key}/color")).Trim());
        Assert.Equal(HttpStatusCode.OK, (await silo.Alice.DeleteAsync($"/storage/jobs/{key}/color")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Alice.DeleteAsync($"/storage/jobs/{key}/never-set")).StatusCode);
        Assert.Equal("null", (await silo.Alice.GetStringAsync($"/storage/jobs/{key}/color")).Trim());
    }

    [Fact]
    public async Task Spider_tags_are_patched_and_an_empty_patch_is_a_bad_request()
    {
        var id = (await silo.Alice.GetStringAsync("/storage/ids/1/spider/tagged-spider?create=True")).Trim();
        using var patch = await silo.Alice.PatchAsync($"/api/v2/projects/1/spiders/{id}/tags", new StringContent("{\"add\":[\"t1\",\"t2\"]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var spider = JsonNode.Parse(await silo.Alice.GetStringAsync($"/api/v2/projects/1/spiders/{id}"))!;
        Assert.Equal(["t1", "t2"], spider["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        using var empty = await silo.Alice.PatchAsync($"/api/v2/projects/1/spiders/{id}/tags", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_key_sees_only_its_projects_and_no_key_is_unauthorized()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await silo.Bob.GetAsync("/storage/jobq/1/count")).StatusCode);
        using var anonymous = await silo.Anonymous.GetAsync("/storage/jobq/1/count");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        var projects = JsonNode.Parse(await silo.Bob.GetStringAsync("/api/scrapyd/listprojects.json"))!;
        Assert.Equal([2L], projects["projects"]!.AsArray().Select(p => p!.GetValue<long>()));
        using var wrong = silo.Client("not-a-key", "");
        var refused = JsonNode.Parse(await (await wrong.GetAsync("/api/scrapyd/listprojects.json")).Content.ReadAsStringAsync())!;
        Assert.Equal("Authentication failed", refused["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Project_settings_merge_and_delete_and_the_clock_needs_no_key()
    {
        await silo.Alice.PostAsync("/storage/projects/1/settings", PlatformSilo.Lines(["{\"a\":1,\"b\":\"x\"}"]));
        await silo.Alice.DeleteAsync("/storage/projects/1/settings/a");
        Assert.Equal("{\"b\":\"x\"}", (await silo.Alice.GetStringAsync("/storage/projects/1/settings")).Trim());
        Assert.True(long.Parse((await silo.Anonymous.GetStringAsync("/storage/system/ts")).Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task The_activity_log_lists_newest_first()
    {
        await silo.Bob.PostAsync("/storage/activity/2", PlatformSilo.Lines(["{\"event\":\"a\"}", "{\"event\":\"b\"}"]));
        await silo.Bob.PostAsync("/storage/activity/2", PlatformSilo.Lines(["{\"event\":\"c\"}"]));
        using var response = await silo.Bob.GetAsync("/storage/activity/2?count=2&meta=_ts");
        var events = await PlatformSilo.ReadLinesAsync(response);
        Assert.Equal(["c", "b"], events.Select(e => e["event"]!.GetValue<string>()));
        Assert.NotNull(events[0]["_ts"]);
    }
}
