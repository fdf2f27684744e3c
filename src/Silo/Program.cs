using JobRuntime;
using JobRuntime.GrainInterfaces;
using JobRuntime.Hosting;

var builder = WebApplication.CreateBuilder(args);
// Embedded defaults: one SQLite file (JobRuntime:Sqlite:DataSource, default jobruntime.db) holds
// grain state, reminders, stream subscriptions and the "durable" stream provider's events.
builder.UseJobRuntimeSilo(silo => silo
    .UseSqlite()
    .AddMemoryStreams("memory")
    .AddSqliteStreams("durable"));

var app = builder.Build();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
app.MapGet("/hello/{name}", async (string name, IGrainFactory grains) =>
    TypedResults.Ok(await grains.GetGrain<IGreeterGrain>(name).Greet()));
app.Run();

/// <summary>The silo's entry point (public so tests can host it).</summary>
public partial class Program;
