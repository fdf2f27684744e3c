using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// The admin API's deletes: a stored user (its key stops working at once), a spider with its jobs
/// and their data, a whole project. Spiders and projects with pending or running jobs are refused
/// (409): cancel those first.
/// </summary>
internal static class DashAdminDeletes
{
    private static readonly string[] s_active = [PlatformJobState.Pending, PlatformJobState.Running];

    public static void MapAdminDeletes(this RouteGroupBuilder dash)
    {
        dash.MapDelete("/admin/users/{name}", DeleteUser);
        dash.MapDelete("/admin/projects/{p}/spiders/{name}", DeleteSpider);
        dash.MapDelete("/admin/projects/{p}", DeleteProject);
    }

    private static IResult Ok(JsonObject body)
    {
        body["status"] = "ok";
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private static async Task<IResult> DeleteUser(HttpContext http, string name)
    {
        DashApi.RequireAdmin(http);
        try
        {
            await http.Store<Identity.UserAdministration>().RemoveAsync(name);
        }
        catch (Identity.UserAdminException e)
        {
            throw new PlatformHttpException(e.Status, e.Message);
        }
        return Ok(new JsonObject { ["deleted"] = name });
    }

    private static async Task<IResult> DeleteSpider(HttpContext http, string p, string name)
    {
        DashApi.RequireAdmin(http);
        var project = PlatformEndpoints.ProjectId(p);
        var spider = await http.Store<IPlatformProjectStore>().SpiderGetByNameAsync(project, name)
            ?? throw new PlatformHttpException(404, $"Spider {name} not found in project {project}.");
        var jobs = await PurgeJobsAsync(http, project, spider.Id);
        await http.Store<IPlatformProjectStore>().SpiderDeleteAsync(project, spider.Id);
        return Ok(new JsonObject { ["deleted"] = $"{project}/{spider.Id}", ["jobs"] = jobs });
    }

    private static async Task<IResult> DeleteProject(HttpContext http, string p)
    {
        DashApi.RequireAdmin(http);
        var project = PlatformEndpoints.ProjectId(p);
        var jobs = await PurgeJobsAsync(http, project, null);
        if (!await http.Store<IPlatformProjectStore>().ProjectDeleteAsync(project) && jobs == 0)
        {
            throw new PlatformHttpException(404, $"Project {project} holds nothing to delete.");
        }
        return Ok(new JsonObject { ["deleted"] = project, ["jobs"] = jobs });
    }

    // Jobs go through their grains, so no activation keeps serving a deleted job.
    private static async Task<int> PurgeJobsAsync(HttpContext http, long project, int? spider)
    {
        var jobs = await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(project, spider, []));
        if (jobs.FirstOrDefault(j => s_active.Contains(j.State)) is { } active)
        {
            throw new PlatformHttpException(409, $"Job {active.Key} is {active.State}: cancel the {(spider is null ? "project" : "spider")}'s pending and running jobs before deleting it.");
        }
        foreach (var job in jobs)
        {
            await http.Grains().GetGrain<IPlatformJobGrain>(job.Key.ToString()).PurgeAsync();
        }
        return jobs.Count;
    }
}
