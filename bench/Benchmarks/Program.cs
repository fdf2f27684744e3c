using System.Globalization;
using JobRuntime.Benchmarks.Hosting;
using JobRuntime.Benchmarks.Measurement;
using JobRuntime.Benchmarks.Suites;

// Benchmarks of Orleans as JobRuntime hosts it: one silo and one client in this process on loopback.
// Usage: dotnet run -c Release --project bench/Benchmarks [-- --rounds 5 --seconds 1 --only calls,client,streams]
//        dotnet run -c Release --project bench/Benchmarks -- --only durable [--rounds 3 --events 100000]
var rounds = IntOption("--rounds", 5);
// The durable suite's rounds move a fixed number of events and take seconds each: 3 rounds unless --rounds says.
var durableRounds = IntOption("--rounds", 3);
var durableEvents = IntOption("--events", 100_000);
var seconds = double.Parse(Option("--seconds") ?? "1", CultureInfo.InvariantCulture);
var only = Option("--only")?.Split(',') ?? ["calls", "client", "streams"];
var runner = new Runner(warmupRounds: 1, rounds, TimeSpan.FromSeconds(seconds));
var report = new Report(Console.Out);

report.Line($"# Orleans benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
report.Line("");
foreach (var line in MachineInfo.Describe())
{
    report.Line(line);
}
report.Line($"- load average at start: {MachineInfo.LoadAverage()}");
if (only.Any(s => s is "calls" or "client" or "streams"))
{
    report.Line($"- {rounds} measured rounds of {seconds} s after 1 warm-up round; latencies over {3 * seconds} s of calls after 1 s of warm-up");
}
if (only.Contains("durable"))
{
    report.Line($"- durable streams: {durableRounds} measured rounds of {durableEvents:N0} events after 1 warm-up round; the silo's grain storage (so PubSubStore) in a SQLite file");
}

await using var cluster = await BenchCluster.StartAsync(durableStreams: only.Contains("durable"));
var inSilo = new InSiloCalls(cluster, runner, report);
int[] callers = [64, 256, 1_000];
if (only.Contains("calls") || only.Contains("client"))
{
    await inSilo.RunAsync(callers);
}
if (only.Contains("client"))
{
    await new ClientCalls(cluster, inSilo, runner, report).RunAsync(callers, TimeSpan.FromSeconds(3 * seconds));
}
if (only.Contains("streams"))
{
    await new StreamEvents(cluster, runner, report).RunAsync();
}
if (only.Contains("durable"))
{
    await new DurableStreams(cluster, new Runner(warmupRounds: 1, durableRounds, TimeSpan.Zero), report, durableEvents).RunAsync();
}
report.Line("");
report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => int.TryParse(Option(name), out var value) ? value : fallback;
