using System.Net;
using System.Text;

namespace JobRuntime.Platform.Tests;

/// <summary>The admin API deletes users, spiders (with their jobs) and whole projects.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminDeleteTests(PlatformSilo silo)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_deleted_users_key_is_refused_at_once()
    {
        const string key = "carol0123456789abcdef";
        (await silo.Admin.PutAsync("/api/admin/users/carol", Json($"{{\"apikey\":\"{key}\",\"projects\":[1]}}"))).EnsureSuccessStatusCode();
        var carol = silo.Client(key, "");
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/storage/projects/1/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Admin.DeleteAsync("/api/admin/users/carol")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/storage/projects/1/settings")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_unknown_user_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Admin.DeleteAsync("/api/admin/users/nobody-at-all")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_spider_deletes_its_jobs_and_their_data()
    {
        var key = await PlatformSilo.PushAsync(silo.Alice, 1, "doomed-spider");
        await silo.Alice.PostAsync($"/storage/items/{key}?start=0", PlatformSilo.Lines(["{\"a\":1}"]));
        await silo.Alice.PostAsync("/storage/jobq/1/update", PlatformSilo.Lines([$"{{\"key\":\"{key}\",\"state\":\"finished\"}}"]));
        Assert.Equal(HttpStatusCode.OK, (await silo.Admin.DeleteAsync("/api/admin/projects/1/spiders/doomed-spider")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Alice.GetAsync($"/storage/jobs/{key}")).StatusCode);
        Assert.Equal("", await silo.Alice.GetStringAsync($"/storage/items/{key}"));
        Assert.Equal("null", (await silo.Alice.GetStringAsync("/storage/ids/1/spider/doomed-spider")).Trim());
    }

    [Fact]
    public async Task A_spider_with_a_pending_job_is_not_deleted()
    {
        await PlatformSilo.PushAsync(silo.Alice, 1, "busy-spider");
        Assert.Equal(HttpStatusCode.Conflict, (await silo.Admin.DeleteAsync("/api/admin/projects/1/spiders/busy-spider")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_jobs_collections_frontiers_and_settings()
    {
        const long project = 77;
        var key = await PlatformSilo.PushAsync(silo.Admin, project, "gone");
        await silo.Admin.PostAsync("/storage/jobq/77/update", PlatformSilo.Lines([$"{{\"key\":\"{key}\",\"state\":\"finished\"}}"]));
        await silo.Admin.PostAsync("/storage/collections/77/vs/gone", PlatformSilo.Lines(["{\"_key\":\"a\",\"v\":1}"]));
        await silo.Admin.PostAsync("/storage/hcf/77/gone/s/0", PlatformSilo.Lines(["{\"fp\":\"/a\"}"]));
        await silo.Admin.PostAsync("/storage/projects/77/settings", PlatformSilo.Lines(["{\"x\":1}"]));
        Assert.Equal(HttpStatusCode.OK, (await silo.Admin.DeleteAsync("/api/admin/projects/77")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Admin.GetAsync($"/storage/jobs/{key}")).StatusCode);
        Assert.Equal("", await silo.Admin.GetStringAsync("/storage/collections/77/list"));
        Assert.Equal("[]", (await silo.Admin.GetStringAsync("/storage/hcf/77/list")).Trim());
        Assert.Equal("{}", (await silo.Admin.GetStringAsync("/storage/projects/77/settings")).Trim());
    }

    [Fact]
    public async Task Only_administrators_delete()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await silo.Alice.DeleteAsync("/api/admin/projects/1")).StatusCode);
    }
}
