using System.Diagnostics;
using System.Globalization;
using JobRuntime.QueuesLoad;

// Work queues end to end: N no-op tasks pushed in batches, then worked by 2 workers, on each
// backend against a raw loop on the same engine in the same run (see bench/README.md).
var tasks = Arg("--tasks", 100_000);
var azureTasks = Arg("--azure-tasks", 2_000);
var batch = Arg("--batch", 1_000);
var only = (ArgText("--only") ?? "embedded,postgres,azure").Split(',');
QueueRun.Heartbeat = !args.Contains("--no-heartbeat");

Console.WriteLine($"# Work queues: {tasks:N0} no-op tasks, pushed in batches of {batch:N0}, worked by 2 workers ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
Console.WriteLine();
Console.WriteLine("| backend | push /s | work /s | end to end /s | baseline (same rows, same run) | end to end /s | ratio |");
Console.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: |");

if (only.Contains("embedded"))
{
    var raw = await RawSqlite.RunAsync(tasks, batch);
    var ours = await EmbeddedRun.RunAsync(tasks, batch);
    Row("embedded (queue grains over SQLite)", ours, "raw SQLite, 2 loops of UPDATE..RETURNING + DELETE", raw);
    if (only.Contains("sqlite-driver"))
    {
        Row("SQLite driver, no grains", await SqliteDriverRun.RunAsync(tasks, batch), "raw SQLite (as above)", raw);
    }
}
if (only.Contains("postgres"))
{
    var server = ArgText("--postgres") ?? Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_POSTGRES")
        ?? throw new InvalidOperationException("Give --postgres CONN or set JOBRUNTIME_TEST_POSTGRES (scripts/test-services.sh start).");
    var raw = await RawPostgres.RunAsync(await RawPostgres.CreateDatabaseAsync(server), tasks, batch);
    var ours = await PostgresRun.RunAsync(await RawPostgres.CreateDatabaseAsync(server), tasks, batch);
    Row("PostgreSQL (driver + workers)", ours, "raw SKIP LOCKED loop, 2 connections", raw);
}
if (only.Contains("azure"))
{
    var azure = ArgText("--azure") ?? Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_AZURE_STORAGE")
        ?? throw new InvalidOperationException("Give --azure CONN or set JOBRUNTIME_TEST_AZURE_STORAGE (scripts/test-services.sh start).");
    var ours = await AzureRun.RunAsync(azure, azureTasks, batch);
    Row($"Azurite ({azureTasks:N0} tasks, report only)", ours, "-", null);
}

void Row(string name, Timings ours, string baselineName, Timings? baseline) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {ours.PushRate:N0} | {ours.WorkRate:N0} | {ours.EndToEndRate:N0} | {baselineName} | {(baseline is null ? "-" : baseline.EndToEndRate.ToString("N0", CultureInfo.InvariantCulture))} | {(baseline is null ? "-" : (ours.EndToEndRate / baseline.EndToEndRate).ToString("0.00", CultureInfo.InvariantCulture))} |"));

int Arg(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
