using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using JobRuntime.Grains.Jobs;
using JobRuntime.Silo;
using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Telemetry;
using JobRuntime.Silo.WebConsole;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
// One silo on loopback (Orleans:Endpoints:SiloPort 11111, GatewayPort 30000) over one SQLite file
// (JobRuntime:Sqlite:DataSource, default jobruntime.db): grain state, reminders, stream events and
// the jobs' tasks.
builder.UseOrleans(silo => silo
    .UseLoopbackClustering(builder.Configuration)
    .AddJobRuntime()
    .AddActivityPropagation()
    .AddDashboard());
// The CrowdProcess-compatible jobs API. Users and tokens come from JobRuntime:Http:Users and
// JobRuntime:Http:Tokens; with none configured every request runs as the user "local".
builder.AddJobsApi();
// Metrics, traces and logs (JobRuntime:Telemetry, OTEL_EXPORTER_OTLP_ENDPOINT), the API's OpenAPI document.
builder.AddTelemetry();
builder.AddApiDocument();

var app = builder.Build();
app.MapGet("/health", (JobsHealth jobs) => TypedResults.Ok(new
{
    status = "ok",
    javaScript = new { available = jobs.JavaScriptAvailable, reason = jobs.JavaScriptUnavailableReason },
}));
app.MapGet("/hello/{name}", async (string name, IGrainFactory grains) =>
    TypedResults.Ok(await grains.GetGrain<IGreeterGrain>(name).Greet()));
app.MapJobsApi();
app.MapDashboard();
app.MapMetrics();
app.MapConsole();
app.MapApiDocument();
app.Run();

/// <summary>The silo's entry point (public so tests can host it).</summary>
public partial class Program;
