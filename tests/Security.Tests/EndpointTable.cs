namespace JobRuntime.Security.Tests;

/// <summary>Who may call an endpoint.</summary>
public enum Door
{
    /// <summary>Anyone: it holds no one's data (health, the platform's clock).</summary>
    Public,

    /// <summary>A user, who sees only their own jobs, states and queues.</summary>
    Owner,

    /// <summary>Any jobs API user; it shows no user's data (metrics, the API description, the greeter).</summary>
    AnyUser,

    /// <summary>A jobs API administrator (the Orleans Dashboard shows every grain's state).</summary>
    Admin,

    /// <summary>A platform API key with the project, or the job's own token.</summary>
    Project,

    /// <summary>
    /// A platform API key with the project, or the token of any of its jobs: what the project's
    /// jobs share (collections, frontiers, reading settings, updating the job's own state).
    /// </summary>
    ProjectShared,

    /// <summary>A platform administrator's API key.</summary>
    PlatformAdmin,
}

/// <summary>
/// Every endpoint the silo maps, who may call it, and a request path for it over alice's data:
/// <c>{job}</c> alice's job, <c>{queue}</c>, <c>{ns}</c> her queue and state namespace, <c>{s}</c>
/// and <c>{j}</c> her platform job in project 1. A mapped endpoint missing here fails the matrix.
/// Admin rows are the silo's administrators, PlatformAdmin rows the same administrators on the
/// platform's own admin routes.
/// </summary>
public static class EndpointTable
{
    public sealed record Row(string Method, string Route, Door Door, string Path)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    public static readonly Row[] Rows = Parse("""
        GET /health | Public | /health
        GET /storage/system/ts | Public | /storage/system/ts
        GET /hello/{name} | AnyUser | /hello/ada
        * /metrics | AnyUser | /metrics
        GET /openapi/v1.json | AnyUser | /openapi/v1.json
        POST /jobs/ | Owner | /jobs/
        GET /jobs/ | Owner | /jobs/
        DELETE /jobs/ | Owner | /jobs/
        GET /jobs/{id} | Owner | /jobs/{job}
        DELETE /jobs/{id} | Owner | /jobs/{job}
        POST /jobs/{id}/tasks | Owner | /jobs/{job}/tasks
        GET /jobs/{id}/tasks/{index:long} | Owner | /jobs/{job}/tasks/0
        GET /jobs/{id}/results | Owner | /jobs/{job}/results
        GET /jobs/{id}/errors | Owner | /jobs/{job}/errors
        GET /queues/{name} | Owner | /queues/{queue}
        POST /queues/{name}/messages | Owner | /queues/{queue}/messages
        GET /queues/{name}/messages | Owner | /queues/{queue}/messages
        DELETE /queues/{name}/messages | Owner | /queues/{queue}/messages
        POST /queues/{name}/leases | Owner | /queues/{queue}/leases
        DELETE /queues/{name}/leases | Owner | /queues/{queue}/leases?receipt=x
        GET /state/{namespace}/ | Owner | /state/{ns}/
        PATCH /state/{namespace}/ | Owner | /state/{ns}/
        DELETE /state/{namespace}/ | Owner | /state/{ns}/
        GET /state/{namespace}/wait | Owner | /state/{ns}/wait?timeout=1
        GET /state/{namespace}/updates | Owner | /state/{ns}/updates
        GET /state/{namespace}/keys/{key} | Owner | /state/{ns}/keys/secret
        PUT /state/{namespace}/keys/{key} | Owner | /state/{ns}/keys/secret
        DELETE /state/{namespace}/keys/{key} | Owner | /state/{ns}/keys/secret
        GET /queues/ | Owner | /queues/
        POST /queues/{name}/failed/retry | Owner | /queues/{queue}/failed/retry
        POST /jobs/{id}/cancel | Owner | /jobs/{job}/cancel
        GET /console/states | Owner | /console/states
        GET /console/states/{namespace} | Owner | /console/states/{ns}
        GET /console/events/states/{namespace} | Owner | /console/events/states/{ns}
        GET /console/queues | Owner | /console/queues
        GET /console/queues/{name} | Owner | /console/queues/{queue}
        GET /console/events/queues | Owner | /console/events/queues
        GET /console/platform | Admin | /console/platform
        GET /console/platform/{project:long} | Admin | /console/platform/1
        GET /console/platform/jobs/{project:long}/{spider:int}/{job:int} | Admin | /console/platform/jobs/1/{s}/{j}
        GET /console/events/platform/jobs/{project:long}/{spider:int}/{job:int} | Admin | /console/events/platform/jobs/1/{s}/{j}
        DELETE /api/admin/users/{name} | PlatformAdmin | /api/admin/users/mallory
        DELETE /api/admin/projects/{p}/spiders/{name} | PlatformAdmin | /api/admin/projects/1/spiders/matrix-spider
        DELETE /api/admin/projects/{p} | PlatformAdmin | /api/admin/projects/1
        GET /console/assets/{name} | AnyUser | /console/assets/console.css
        GET / | Owner | /
        GET /console/jobs/{id} | Owner | /console/jobs/{job}
        GET /console/events/jobs | Owner | /console/events/jobs
        GET /console/events/jobs/{id} | Owner | /console/events/jobs/{job}
        GET /dashboard/ | Admin | /dashboard/
        GET /dashboard/index.html | Admin | /dashboard/index.html
        GET /dashboard/favicon.ico | Admin | /dashboard/favicon.ico
        GET /dashboard/index.min.js | Admin | /dashboard/index.min.js
        GET /dashboard/index.css | Admin | /dashboard/index.css
        GET /dashboard/fonts/{**path} | Admin | /dashboard/fonts/a.woff
        GET /dashboard/img/{**path} | Admin | /dashboard/img/a.png
        GET /dashboard/version | Admin | /dashboard/version
        GET /dashboard/DashboardCounters | Admin | /dashboard/DashboardCounters
        GET /dashboard/ClusterStats | Admin | /dashboard/ClusterStats
        GET /dashboard/Reminders | Admin | /dashboard/Reminders
        GET /dashboard/Reminders/{page:int} | Admin | /dashboard/Reminders/1
        GET /dashboard/HistoricalStats/{*path} | Admin | /dashboard/HistoricalStats/x
        GET /dashboard/SiloProperties/{*address} | Admin | /dashboard/SiloProperties/x
        GET /dashboard/SiloMetadata/{*address} | Admin | /dashboard/SiloMetadata/x
        GET /dashboard/SiloStats/{*address} | Admin | /dashboard/SiloStats/x
        GET /dashboard/SiloCounters/{*address} | Admin | /dashboard/SiloCounters/x
        GET /dashboard/GrainStats/{*grainName} | Admin | /dashboard/GrainStats/x
        GET /dashboard/TopGrainMethods | Admin | /dashboard/TopGrainMethods
        GET /dashboard/GrainState | Admin | /dashboard/GrainState?grainId={job}&grainType=JobRuntime.Grains.Jobs.JobGrain
        GET /dashboard/LifecycleStages | Admin | /dashboard/LifecycleStages
        GET /dashboard/GrainTypes | Admin | /dashboard/GrainTypes
        GET /dashboard/Trace | Admin | /dashboard/Trace
        GET /storage/jobs/{p}/{s}/{j} | Project | /storage/jobs/1/{s}/{j}
        POST /storage/jobs/{p}/{s}/{j} | Project | /storage/jobs/1/{s}/{j}
        DELETE /storage/jobs/{p}/{s}/{j} | Project | /storage/jobs/1/{s}/{j}
        GET /storage/jobs/{p}/{s}/{j}/{field} | Project | /storage/jobs/1/{s}/{j}/secret
        POST /storage/jobs/{p}/{s}/{j}/{field} | Project | /storage/jobs/1/{s}/{j}/secret
        DELETE /storage/jobs/{p}/{s}/{j}/{field} | Project | /storage/jobs/1/{s}/{j}/secret
        POST /storage/jobq/{p}/push | Project | /storage/jobq/1/push
        POST /storage/jobq/{p}/startjob | Project | /storage/jobq/1/startjob
        POST /storage/jobq/{p}/update | ProjectShared | /storage/jobq/1/update
        POST /storage/jobq/{p}/cancel | Project | /storage/jobq/1/cancel
        POST /storage/jobq/{p}/{s}/{j}/cancel | Project | /storage/jobq/1/{s}/{j}/cancel
        GET /storage/jobq/{p}/count | Project | /storage/jobq/1/count
        GET /storage/jobq/{p}/list | Project | /storage/jobq/1/list
        GET /storage/jobq/{p}/summary | Project | /storage/jobq/1/summary
        GET /storage/jobq/{p}/summary/{state} | Project | /storage/jobq/1/summary/pending
        GET /storage/jobq/{p}/{s:int}/summary | Project | /storage/jobq/1/{s}/summary
        GET /storage/jobq/{p}/{s:int}/summary/{state} | Project | /storage/jobq/1/{s}/summary/pending
        GET /storage/jobq/{p}/jobsummary | Project | /storage/jobq/1/jobsummary
        GET /storage/ids/{p}/spider/{name} | Project | /storage/ids/1/spider/matrix-spider
        GET /storage/spiders/{p}/lastjobsummary | Project | /storage/spiders/1/lastjobsummary
        GET /storage/spiders/{p}/{s:int}/lastjobsummary | Project | /storage/spiders/1/{s}/lastjobsummary
        GET /storage/projects/jobsummaries | Project | /storage/projects/jobsummaries
        GET /storage/projects/{p}/jobsummary | Project | /storage/projects/1/jobsummary
        GET /storage/projects/{p}/settings | ProjectShared | /storage/projects/1/settings
        POST /storage/projects/{p}/settings | Project | /storage/projects/1/settings
        GET /storage/projects/{p}/settings/{key} | ProjectShared | /storage/projects/1/settings/secret
        DELETE /storage/projects/{p}/settings/{key} | Project | /storage/projects/1/settings/secret
        POST /storage/botgroups/{name}/max_running | Project | /storage/botgroups/g/max_running
        DELETE /storage/botgroups/{name} | Project | /storage/botgroups/g
        POST /storage/activity/{p} | Project | /storage/activity/1
        GET /storage/activity/{p} | Project | /storage/activity/1
        POST /storage/{type:regex(^(items|logs|requests|samples)$)}/{p}/{s:int}/{j:int} | Project | /storage/items/1/{s}/{j}
        GET /storage/{type:regex(^(items|logs|requests|samples)$)}/{p}/{s:int}/{j:int} | Project | /storage/items/1/{s}/{j}
        GET /storage/{type:regex(^(items|logs|requests|samples)$)}/{p}/{s:int}/{j:int}/{n:long} | Project | /storage/items/1/{s}/{j}/0
        GET /storage/{type:regex(^(items|logs|requests|samples)$)}/{p}/{s:int}/{j:int}/stats | Project | /storage/items/1/{s}/{j}/stats
        GET /storage/{type:regex(^(items|logs|requests|samples)$)}/{p} | Project | /storage/items/1
        GET /storage/{type:regex(^(items|logs|requests|samples)$)}/{p}/{s:int} | Project | /storage/items/1/{s}
        GET /storage/collections/{p}/list | ProjectShared | /storage/collections/1/list
        POST /storage/collections/{p}/delete | ProjectShared | /storage/collections/1/delete?name=secrets
        POST /storage/collections/{p}/{type:regex(^(s|cs|vs|vcs)$)}/{name} | ProjectShared | /storage/collections/1/s/secrets
        GET /storage/collections/{p}/{type:regex(^(s|cs|vs|vcs)$)}/{name} | ProjectShared | /storage/collections/1/s/secrets
        GET /storage/collections/{p}/{type:regex(^(s|cs|vs|vcs)$)}/{name}/count | ProjectShared | /storage/collections/1/s/secrets/count
        POST /storage/collections/{p}/{type:regex(^(s|cs|vs|vcs)$)}/{name}/deleted | ProjectShared | /storage/collections/1/s/secrets/deleted
        GET /storage/collections/{p}/{type:regex(^(s|cs|vs|vcs)$)}/{name}/{**key} | ProjectShared | /storage/collections/1/s/secrets/k
        GET /storage/hcf/{p}/list | ProjectShared | /storage/hcf/1/list
        GET /storage/hcf/{p}/{frontier}/list | ProjectShared | /storage/hcf/1/f/list
        POST /storage/hcf/{p}/{frontier}/s/{slot} | ProjectShared | /storage/hcf/1/f/s/0
        GET /storage/hcf/{p}/{frontier}/s/{slot}/q | ProjectShared | /storage/hcf/1/f/s/0/q
        POST /storage/hcf/{p}/{frontier}/s/{slot}/q/deleted | ProjectShared | /storage/hcf/1/f/s/0/q/deleted
        GET /storage/hcf/{p}/{frontier}/s/{slot}/f | ProjectShared | /storage/hcf/1/f/s/0/f
        DELETE /storage/hcf/{p}/{frontier}/s/{slot} | ProjectShared | /storage/hcf/1/f/s/0
        POST /api/run.json | Project | /api/run.json
        POST /api/jobs/update.json | Project | /api/jobs/update.json
        GET /api/scrapyd/listprojects.json | Project | /api/scrapyd/listprojects.json
        GET /api/spiders/list.json | Project | /api/spiders/list.json?project=1
        GET /api/v2/projects/{p}/spiders/{s} | Project | /api/v2/projects/1/spiders/{s}
        PATCH /api/v2/projects/{p}/spiders/{s}/tags | Project | /api/v2/projects/1/spiders/{s}/tags
        PUT /api/admin/projects/{p}/spiders/{name} | PlatformAdmin | /api/admin/projects/1/spiders/matrix-spider
        PUT /api/admin/users/{name} | PlatformAdmin | /api/admin/users/mallory
        GET /users/ | Admin | /users/
        POST /users/ | Admin | /users/
        GET /users/{name} | Admin | /users/alice
        PATCH /users/{name} | Admin | /users/mallory
        DELETE /users/{name} | Admin | /users/mallory
        PUT /users/{name}/password | Admin | /users/mallory/password
        POST /users/{name}/keys | Admin | /users/mallory/keys
        DELETE /users/{name}/keys/{id} | Admin | /users/mallory/keys/x
        """);

    private static Row[] Parse(string table) =>
    [
        .. table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var parts = line.Split(" | ");
            var space = parts[0].IndexOf(' ', StringComparison.Ordinal);
            return new Row(parts[0][..space], parts[0][(space + 1)..], Enum.Parse<Door>(parts[1]), parts[2]);
        }),
    ];
}
