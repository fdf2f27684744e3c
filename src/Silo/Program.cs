using JobRuntime;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Jobs;
using JobRuntime.Hosting;
using JobRuntime.Silo.Apis;

var builder = WebApplication.CreateBuilder(args);
// Embedded defaults: one SQLite file (JobRuntime:Sqlite:DataSource, default jobruntime.db) holds
// grain state, reminders, stream subscriptions, the durable streams' events and the jobs' tasks.
builder.UseJobRuntimeSilo(silo => silo
    .UseSqlite()
    .AddMemoryStreams("memory")
    .AddSqliteStreams("durable")
    .AddJobs());
// The CrowdProcess-compatible jobs API. Users and tokens come from JobRuntime:Http:Users and
// JobRuntime:Http:Tokens; with none configured every request runs as the user "local".
builder.AddJobsApi();

var app = builder.Build();
app.MapGet("/health", (JobsHealth jobs) => TypedResults.Ok(new
{
    status = "ok",
    javaScript = new { available = jobs.JavaScriptAvailable, reason = jobs.JavaScriptUnavailableReason },
}));
app.MapGet("/hello/{name}", async (string name, IGrainFactory grains) =>
    TypedResults.Ok(await grains.GetGrain<IGreeterGrain>(name).Greet()));
app.MapJobsApi();
app.Run();

/// <summary>The silo's entry point (public so tests can host it).</summary>
public partial class Program;
