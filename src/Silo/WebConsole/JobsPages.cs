using System.Globalization;
using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using static JobRuntime.Silo.WebConsole.ConsolePage;

namespace JobRuntime.Silo.WebConsole;

/// <summary>The HTML of the jobs area: the list with the form that creates a job, and a job's page.</summary>
internal static class JobsPages
{
    private const string DefaultProgram = "function Run(d) {\n  if (d % 5 === 4) throw new Error('no multiples of 5 minus one: ' + d);\n  return d * 2;\n}";

    public static string List(IReadOnlyList<JobInfo> jobs)
    {
        var rows = new StringBuilder();
        foreach (var job in jobs)
        {
            rows.Append(Row(job));
        }
        return $$"""
            <h1>Jobs</h1>
            <section class="panels">
            <figure class="chart panel">
            <figcaption>Throughput of all jobs: <strong id="rate">0</strong> tasks/s</figcaption>
            <svg id="chart" role="img" aria-label="Tasks per second over the last two minutes"></svg>
            </figure>
            <form id="create-job" class="panel">
            <h2>New job</h2>
            <label>Kind <select name="kind"><option value="javascript">JavaScript</option><option value="dotnet">.NET handler</option></select></label>
            <label>Program <textarea name="program" rows="6" spellcheck="false">{{E(DefaultProgram)}}</textarea></label>
            <label>Bid <input name="bid" type="number" value="1" min="0.01" step="any"></label>
            <button type="submit">Create job</button>
            <p class="message" role="alert" id="create-message"></p>
            </form>
            </section>
            <table id="jobs" class="jobs">
            <thead><tr><th>Job</th><th>Kind</th><th>Status</th><th>Progress</th><th>Done</th><th>Failed</th><th>Total</th><th>Tasks/s</th><th>Created</th><th></th></tr></thead>
            <tbody>{{rows}}</tbody>
            </table>
            <p class="empty" id="no-jobs"{{(jobs.Count == 0 ? "" : " hidden")}}>No jobs yet: create one above, or with <code>POST /jobs/</code> or <code>jobrt create</code>.</p>
            """;
    }

    // The same markup as the row the page's script renders for a live update.
    private static string Row(JobInfo job) => string.Create(CultureInfo.InvariantCulture, $"""
        <tr data-job="{E(job.Id)}"><td><a href="/console/jobs/{E(job.Id)}">{E(job.Id[..Math.Min(8, job.Id.Length)])}</a></td><td>{Apis.JobResponse.KindName(job.Kind)}</td><td>{E(job.Status)}</td><td><progress max="{Math.Max(1, job.Total)}" value="{job.Finished + job.Failed}"></progress></td><td data-field="finished">{job.Finished:N0}</td><td data-field="failed">{job.Failed:N0}</td><td data-field="total">{job.Total:N0}</td><td data-field="rate">0</td><td><time datetime="{job.Created.UtcDateTime:O}">{job.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss}</time></td><td><button type="button" class="danger small" data-delete="{E(job.Id)}">Delete</button></td></tr>
        """);

    public static string Job(JobInfo info, JobSpec spec, LogTail<TaskResult> results, LogTail<TaskFailure> errors)
    {
        var ended = info.Finished + info.Failed;
        var options = spec.Options;
        var resultItems = new StringBuilder();
        foreach (var result in results.Items)
        {
            var value = result.Item.Value.ValueKind == JsonValueKind.Undefined ? "null" : result.Item.Value.GetRawText();
            resultItems.Append(CultureInfo.InvariantCulture, $"""<li><span class="index">#{result.Item.Index}</span> <code>{E(value.Length > 300 ? value[..300] + "…" : value)}</code></li>""");
        }
        var errorItems = new StringBuilder();
        foreach (var error in errors.Items)
        {
            errorItems.Append(ErrorItem(error.Item));
        }
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <div id="job" data-job="{{E(info.Id)}}" data-results-after="{{results.After}}" data-errors-after="{{errors.After}}">
            <h1>Job <code>{{E(info.Id)}}</code></h1>
            <p class="meta">{{Apis.JobResponse.KindName(info.Kind)}} · <span id="status">{{E(info.Status)}}</span> · created <time datetime="{{info.Created.UtcDateTime:O}}">{{info.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss}} UTC</time> · bid {{options.Bid}} · {{options.TaskTimeoutSeconds}} s per task</p>
            <section class="counters">
            <div><span class="label">Done</span><strong id="finished">{{info.Finished:N0}}</strong></div>
            <div><span class="label">Failed</span><strong id="failed">{{info.Failed:N0}}</strong></div>
            <div><span class="label">Total</span><strong id="total">{{info.Total:N0}}</strong></div>
            <div><span class="label">Tasks/s</span><strong id="rate">0</strong></div>
            <progress id="progress" max="{{Math.Max(1, info.Total)}}" value="{{ended}}"></progress>
            </section>
            <section class="panels">
            <figure class="chart panel">
            <figcaption>Throughput of this job, tasks/s</figcaption>
            <svg id="chart" role="img" aria-label="Tasks per second over the last two minutes"></svg>
            </figure>
            <form id="submit-tasks" class="panel">
            <h2>Submit tasks</h2>
            <label>Tasks, one JSON value per line <textarea name="tasks" rows="5" spellcheck="false" placeholder="1&#10;2&#10;{&quot;url&quot;: &quot;...&quot;}"></textarea></label>
            <p class="inline"><label>or the numbers 0 to <input name="count" type="number" min="1" value="100"> − 1</label> <button type="button" id="fill-range" class="small">Fill</button></p>
            <button type="submit">Submit</button> <button type="button" id="cancel-submit" class="small" hidden>Cancel submitting</button>
            <p class="message" role="alert" id="submit-message"></p>
            </form>
            </section>
            <section class="panels">
            <div class="panel"><h2>Results <small>(newest first)</small></h2><ol id="results" class="tail">{{resultItems}}</ol></div>
            <div class="panel"><h2>Errors <small>(newest first; open one for its details)</small></h2><ol id="errors" class="tail">{{errorItems}}</ol></div>
            </section>
            <section class="panel">
            <h2>Program <small>({{Apis.JobResponse.KindName(spec.Kind)}})</small></h2>
            <pre class="program"><code>{{E(spec.Program)}}</code></pre>
            </section>
            <p><button type="button" id="cancel-job" class="danger"{{(info.Status == "cancelled" ? " disabled" : "")}}>Cancel job</button> <button type="button" id="delete-job" class="danger">Delete job</button> <a href="/">Back to jobs</a></p>
            <dialog id="task-dialog"><h3 id="task-title">Task</h3><pre id="task-detail"></pre><form method="dialog"><button>Close</button></form></dialog>
            </div>
            """);
    }

    private static string ErrorItem(TaskFailure failure) => string.Create(CultureInfo.InvariantCulture,
        $"""<li><button type="button" class="link error-link" data-index="{failure.Index}"><span class="index">#{failure.Index}</span> <span class="type">{E(failure.Error.Type)}</span> {E(failure.Error.Message)}</button></li>""");
}
