using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobRuntime.Storage.Platform;
using static JobRuntime.Silo.WebConsole.ConsolePage;

namespace JobRuntime.Silo.WebConsole;

/// <summary>The HTML of the platform area: the projects, a project, and a job with its items and log.</summary>
internal static class PlatformPages
{
    public static string Projects(IReadOnlyList<(long Project, int Jobs)> projects)
    {
        var rows = new StringBuilder();
        foreach (var (project, jobs) in projects)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""<tr data-project="{project}"><td><a href="/console/platform/{project}">Project {project}</a></td><td>{jobs:N0}</td></tr>""");
        }
        return $$"""
            <h1>Platform</h1>
            <p class="meta">The crawling platform's projects (Scrapy Cloud's API at <code>/api/</code> and <code>/storage/</code>).</p>
            <table id="projects" class="jobs"><thead><tr><th>Project</th><th>Jobs</th></tr></thead><tbody>{{rows}}</tbody></table>
            <p class="empty"{{(projects.Count == 0 ? "" : " hidden")}}>No project yet: deploy a spider or push a job with <code>jobrt schedule</code> or the platform's API.</p>
            """;
    }

    public static string Project(long project, IReadOnlyList<PlatformSpiderRecord> spiders, IReadOnlyList<(PlatformJobRecord Job, long Items, long Logs)> jobs,
        IReadOnlyList<PlatformCollectionId> collections, IReadOnlyList<(string Frontier, IReadOnlyList<string> Slots)> frontiers)
    {
        var names = spiders.ToDictionary(s => s.Id, s => s.Name);
        var spiderRows = new StringBuilder();
        foreach (var spider in spiders)
        {
            spiderRows.Append(CultureInfo.InvariantCulture, $"""<tr><td>{spider.Id}</td><td>{E(spider.Name)}</td><td>{TagList(ParseTags(spider.Tags))}</td></tr>""");
        }
        var jobRows = new StringBuilder();
        foreach (var (job, items, logs) in jobs)
        {
            jobRows.Append(CultureInfo.InvariantCulture, $"""<tr data-job="{job.Key}"><td><a href="/console/platform/jobs/{job.Key}">{job.Key}</a></td><td>{E(names.GetValueOrDefault(job.Key.Spider, "?"))}</td><td><span class="state {E(job.State)}">{E(job.State)}</span></td><td>{TagList(Tags(job))}</td><td>{items:N0}</td><td>{logs:N0}</td></tr>""");
        }
        var collectionItems = string.Concat(collections.Select(c => $"""<li><code>{E(c.Type)}</code> {E(c.Name)}</li>"""));
        var frontierItems = string.Concat(frontiers.Select(f => $"""<li>{E(f.Frontier)}: {f.Slots.Count} slot{(f.Slots.Count == 1 ? "" : "s")} <small>({E(string.Join(", ", f.Slots.Take(20)))})</small></li>"""));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <h1>Project {{project}}</h1>
            <h2>Jobs</h2>
            <table id="platform-jobs" class="jobs"><thead><tr><th>Job</th><th>Spider</th><th>State</th><th>Tags</th><th>Items</th><th>Log lines</th></tr></thead><tbody>{{jobRows}}</tbody></table>
            <section class="panels">
            <div class="panel"><h2>Spiders</h2><table id="spiders" class="jobs"><thead><tr><th>Id</th><th>Name</th><th>Tags</th></tr></thead><tbody>{{spiderRows}}</tbody></table></div>
            <div class="panel"><h2>Collections</h2><ul id="collections">{{collectionItems}}</ul><h2>Frontiers</h2><ul id="frontiers">{{frontierItems}}</ul></div>
            </section>
            <p><a href="/console/platform">Back to projects</a></p>
            """);
    }

    public static string Job(PlatformJobRecord job, IReadOnlyList<PlatformDataRecord> items, IReadOnlyList<PlatformDataRecord> logs)
    {
        var itemCount = items.Count == 0 ? 0 : items[^1].Index + 1;
        var logCount = logs.Count == 0 ? 0 : logs[^1].Index + 1;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <div id="platform-job" data-job="{{job.Key}}" data-items="{{itemCount}}" data-logs="{{logCount}}">
            <h1>Platform job <code>{{job.Key}}</code></h1>
            <section class="counters">
            <div><span class="label">State</span><strong id="state">{{E(job.State)}}</strong></div>
            <div><span class="label">Items</span><strong id="items">{{itemCount:N0}}</strong></div>
            <div><span class="label">Log lines</span><strong id="logs">{{logCount:N0}}</strong></div>
            <div><span class="label">Tags</span><span id="tags">{{TagList(Tags(job))}}</span></div>
            </section>
            <section class="panels">
            <div class="panel"><h2>Items <small>(newest first)</small></h2><ol id="item-list" class="tail">{{Records(items)}}</ol></div>
            <div class="panel"><h2>Log <small>(newest first)</small></h2><ol id="log-list" class="tail">{{Records(logs)}}</ol></div>
            </section>
            <section class="panel"><h2>Metadata <small>(when the page was loaded)</small></h2><pre class="program wrap"><code>{{E(job.Metadata)}}</code></pre></section>
            <p><a href="/console/platform/{{job.Key.Project}}">Back to project {{job.Key.Project}}</a></p>
            </div>
            """);
    }

    /// <summary>A job's tags, from its metadata.</summary>
    public static string[] Tags(PlatformJobRecord? job) =>
        job is null ? [] : ParseTags((JsonNode.Parse(job.Metadata) as JsonObject)?["tags"]?.ToJsonString());

    private static string[] ParseTags(string? json) =>
        json is null ? [] : (JsonNode.Parse(json) as JsonArray)?.Select(t => t?.ToString() ?? "").ToArray() ?? [];

    private static string TagList(IEnumerable<string> tags) => string.Concat(tags.Select(t => $"""<span class="tag">{E(t)}</span> """));

    private static string Records(IReadOnlyList<PlatformDataRecord> records) =>
        string.Concat(records.Reverse().Select(r => string.Create(CultureInfo.InvariantCulture, $"""<li><span class="index">#{r.Index}</span> <code>{E(r.Data.Length > 300 ? r.Data[..300] + "…" : r.Data)}</code></li>""")));
}
