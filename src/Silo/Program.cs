using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using JobRuntime.Grains.Jobs;
using JobRuntime.Grains.Queues;
using JobRuntime.Hosting;
using JobRuntime.Silo;
using JobRuntime.Silo.Apis;
using JobRuntime.Silo.Apis.Platform;
using JobRuntime.Silo.Identity;
using JobRuntime.Silo.Security;
using JobRuntime.Silo.Telemetry;
using JobRuntime.Silo.WebConsole;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
// The cluster profile of JobRuntime:Cluster:Provider. Default Localhost: one silo on loopback
// (Orleans:Endpoints:SiloPort 11111, GatewayPort 30000) over one SQLite file (JobRuntime:Sqlite:
// DataSource, default jobruntime.db); AzureStorage or PostgreSQL: a cluster of silos on that engine
// (JobRuntime:Cluster:ConnectionString). Then the job engine, and work queues in the silo's SQLite
// file (queues shared by a cluster live in PostgreSQL or Azure Storage Queues: see jobrt queue).
builder.UseOrleans(silo => silo
    .UseJobRuntimeCluster(builder.Configuration)
    .AddJobs()
    .AddState()
    .AddWorkQueues()
    .AddPlatform()
    .AddActivityPropagation()
    .AddDashboard());
// The CrowdProcess-compatible jobs API, and the users of every HTTP API: JobRuntime:Users (the
// deprecated JobRuntime:Http:Users, :Tokens and JobRuntime:Platform:Users are still read) and
// those added at run time; with none configured every request runs as the user "local".
builder.AddJobsApi();
// The crawling platform's API (Scrapy Cloud compatible): /storage/ and /api/, for the same users (API keys, projects).
builder.AddPlatformApi();
// Metrics, traces and logs (JobRuntime:Telemetry, OTEL_EXPORTER_OTLP_ENDPOINT), the API's OpenAPI document.
builder.AddTelemetry();
builder.AddApiDocument();
// Closed by default off loopback, request limits, per-user rate and stream limits (JobRuntime:Http:Limits).
builder.AddSiloSecurity();

var app = builder.Build();
app.UseSiloSecurity();
app.MapGet("/health", (JobsHealth jobs) => TypedResults.Ok(new
{
    status = "ok",
    javaScript = new { available = jobs.JavaScriptAvailable, reason = jobs.JavaScriptUnavailableReason },
}));
app.MapGet("/hello/{name}", async (string name, IGrainFactory grains) =>
    TypedResults.Ok(await grains.GetGrain<IGreeterGrain>(name).Greet())).RequireAuthorization(JobsApi.Policy);
app.MapJobsApi();
// Work queues (ai4s.jobq) over HTTP, behind the same users.
app.MapQueuesApi();
app.MapPlatformApi();
app.MapStateApi();
// The user admin API (administrators): users added at run time, their passwords and API keys.
app.MapUsersApi();
app.MapDashboard();
app.MapMetrics();
app.MapConsole();
app.MapApiDocument();
if (app.ListEndpointsIfAsked())
{
    return; // --JobRuntime:ListEndpoints true: the endpoint table, without starting
}
app.Run();

/// <summary>The silo's entry point (public so tests can host it).</summary>
public partial class Program;
