// The state and map benchmarks of issue 9 ("Speed"), with same-run baselines:
// - state: updates/s and the wake-up latency of a waiting client (p50, p99) after a write by another
//   client, against a plain grain call round trip (IStateGrain.GetVersion) in the same run;
// - map: MapAsync of a trivial function over N items in this process (local mode) against
//   Parallel.ForEachAsync (the limit), over the cluster (a .NET handler), and Python's
//   multiprocessing.Pool(2) (the peer). Local figures: medians of 5 interleaved rounds after a warm-up round.
//   dotnet run -c Release --project bench/StateLoad -- [--items N] [--cluster-items N] [--wakeups N] [--seconds S]
using System.Diagnostics;
using System.Globalization;
using JobRuntime.Client.Map;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;
using JobRuntime.StateLoad;

var items = Option("--items", 1_000_000);
var clusterItems = Option("--cluster-items", 1_000_000);
var wakeups = Option("--wakeups", 2_000);
var seconds = Option("--seconds", 3);

Console.WriteLine($"# State and map benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine();
Console.WriteLine($"- machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
Console.WriteLine("- one silo in this process on loopback over a fresh SQLite file (AddJobRuntime); two Orleans clients (separate hosts) through its gateway");
Console.WriteLine();

await using (var hosts = await BenchHosts.StartAsync(clients: 2))
{
    var (writerClient, waiterClient) = (hosts.Clients[0], hosts.Clients[1]);
    var grain = writerClient.GetGrain<IStateGrain>("bench-rtt");
    await grain.GetVersion();
    var roundTrips = await SampleAsync(wakeups, async _ =>
    {
        var start = Stopwatch.GetTimestamp();
        await grain.GetVersion();
        return Stopwatch.GetElapsedTime(start);
    });
    var callRate = await RateAsync(TimeSpan.FromSeconds(seconds), 1, (_, _) => grain.GetVersion());

    var one = new State(writerClient, "bench-one");
    var serialRate = await RateAsync(TimeSpan.FromSeconds(seconds), 1, (_, n) => one.SetAsync("k", n));
    var shared = new State(writerClient, "bench-shared");
    var sharedRate = await RateAsync(TimeSpan.FromSeconds(seconds), 64, (w, n) => shared.SetAsync("k" + w, n));
    var many = Enumerable.Range(0, 64).Select(i => new State(writerClient, "bench-many-" + i)).ToArray();
    var manyRate = await RateAsync(TimeSpan.FromSeconds(seconds), 64, (w, n) => many[w].SetAsync("k", n));

    var writer = new State(writerClient, "bench-wake");
    var waiter = new State(waiterClient, "bench-wake");
    var version = await writer.SetAsync("k", -1);
    var change = new StateCondition(StateConditionKind.Change, ["k"]);
    var wakes = await SampleAsync(wakeups, async i =>
    {
        // Counted from the version before the write, so a wait that reaches the grain late still ends.
        var woken = waiter.WaitFromAsync(change, version, TimeSpan.FromSeconds(60));
        await Task.Delay(10); // the wait is normally held by the grain before the write
        var start = Stopwatch.GetTimestamp();
        version = await writer.SetAsync("k", i);
        await woken;
        return Stopwatch.GetElapsedTime(start);
    });
    var writeOnly = await SampleAsync(wakeups, async i =>
    {
        var start = Stopwatch.GetTimestamp();
        await writer.SetAsync("w", i);
        return Stopwatch.GetElapsedTime(start);
    });

    Console.WriteLine("## State (client through the gateway, loopback)");
    Console.WriteLine();
    Console.WriteLine("| benchmark | figure | baseline (same run) | ratio |");
    Console.WriteLine("| --- | ---: | ---: | ---: |");
    Console.WriteLine($"| updates/s, one writer awaiting each `SetAsync` | **{serialRate:N0}/s** | {callRate:N0}/s plain grain calls (`GetVersion`), one caller | {serialRate / callRate:F3} |");
    Console.WriteLine($"| updates/s, 64 writers on one state (writes coalesced per storage write) | **{sharedRate:N0}/s** | {callRate:N0}/s | {sharedRate / callRate:F3} |");
    Console.WriteLine($"| updates/s, 64 writers on 64 states | **{manyRate:N0}/s** | {callRate:N0}/s | {manyRate / callRate:F3} |");
    Console.WriteLine($"| wake-up latency: write by one client -> waiting client woken, p50 | **{Ms(Percentile(wakes, 0.5))}** | {Ms(Percentile(roundTrips, 0.5))} plain round trip p50 | {Percentile(wakes, 0.5) / Percentile(roundTrips, 0.5):F1} |");
    Console.WriteLine($"| wake-up latency, p99 | **{Ms(Percentile(wakes, 0.99))}** | {Ms(Percentile(roundTrips, 0.99))} plain round trip p99 | {Percentile(wakes, 0.99) / Percentile(roundTrips, 0.99):F1} |");
    Console.WriteLine($"| *(for reference)* the write alone (`SetAsync` awaited: stored, then acknowledged), p50 / p99 | {Ms(Percentile(writeOnly, 0.5))} / {Ms(Percentile(writeOnly, 0.99))} | | |");
    Console.WriteLine();

    var source = Enumerable.Range(0, items);
    async Task Limit()
    {
        var results = new int[items];
        await Parallel.ForEachAsync(source, (x, _) =>
        {
            results[x] = x * 2;
            return ValueTask.CompletedTask;
        });
    }
    async Task Local(MapOptions options)
    {
        long sum = 0;
        await foreach (var r in ParallelMap.MapAsync(source, x => x * 2, options))
        {
            sum += r;
        }
    }
    // Interleaved rounds, so that the limit and the map see the same machine load; medians of 5.
    var times = await InterleavedAsync(5, Limit, () => Local(MapOptions.Default), () => Local(new MapOptions { BufferSize = 65_536 }), () => Local(new MapOptions { Ordered = false }));
    var (limit, local, localBig, localUnordered) = (times[0], times[1], times[2], times[3]);
    var maps = new MapClient(writerClient);
    var cluster = await TimeAsync(async () =>
    {
        long count = 0;
        await foreach (var _ in maps.MapAsync<long, long>("double", Enumerable.Range(0, clusterItems).Select(i => (long)i), new MapOptions { BufferSize = 200_000 }))
        {
            count++;
        }
    });
    var peer = PythonPeer(items);

    Console.WriteLine($"## MapAsync of a trivial function (x * 2)");
    Console.WriteLine();
    Console.WriteLine("| benchmark | items/s | ratio to Parallel.ForEachAsync (limit) | ratio to Pool(2) (peer) | target | met? |");
    Console.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
    Console.WriteLine($"| `Parallel.ForEachAsync` over {items:N0} ints, results into an array (the limit) | {items / limit:N0}/s ({limit:F2} s) | 1 | {Ratio(items / limit, peer)} | | |");
    Console.WriteLine($"| `ParallelMap.MapAsync` local mode, ordered, {items:N0} items consumed by `await foreach` | **{items / local:N0}/s** ({local:F2} s) | {limit / local:F2} | {Ratio(items / local, peer)} | within 2x of the limit | {(local <= 2 * limit ? "yes" : "**no**")} |");
    Console.WriteLine($"| `ParallelMap.MapAsync` local mode, ordered, buffer of 65,536 (default 16,384) | {items / localBig:N0}/s ({localBig:F2} s) | {limit / localBig:F2} | {Ratio(items / localBig, peer)} | within 2x of the limit | {(localBig <= 2 * limit ? "yes" : "**no**")} |");
    Console.WriteLine($"| `ParallelMap.MapAsync` local mode, as completed | {items / localUnordered:N0}/s ({localUnordered:F2} s) | {limit / localUnordered:F2} | {Ratio(items / localUnordered, peer)} | | |");
    Console.WriteLine($"| `MapClient.MapAsync` over the cluster (.NET handler, a job underneath), {clusterItems:N0} items | **{clusterItems / cluster:N0}/s** ({cluster:F1} s) | {limit / cluster * ((double)clusterItems / items):F4} | {Ratio(clusterItems / cluster, peer)} | | |");
    Console.WriteLine($"| Python `multiprocessing.Pool(2).imap(f, range({items:N0}), chunksize=1000)` (the peer) | {(peer is { } p ? $"{p:N0}/s" : "not run: python3 missing")} | | 1 | | |");
}
Console.WriteLine();
Console.WriteLine($"Load average at the end: {LoadAverage()}");
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1].Replace("_", ""), CultureInfo.InvariantCulture) : fallback;
}

// One warm-up round, then rounds in which each contender runs once; the median time of each.
static async Task<double[]> InterleavedAsync(int rounds, params Func<Task>[] contenders)
{
    foreach (var contender in contenders)
    {
        await contender();
    }
    var times = contenders.Select(_ => new List<double>()).ToArray();
    for (var round = 0; round < rounds; round++)
    {
        for (var i = 0; i < contenders.Length; i++)
        {
            times[i].Add(await TimeAsync(contenders[i]));
        }
    }
    return [.. times.Select(t => t.Order().ElementAt(t.Count / 2))];
}

static async Task<double> TimeAsync(Func<Task> run)
{
    var start = Stopwatch.GetTimestamp();
    await run();
    return Stopwatch.GetElapsedTime(start).TotalSeconds;
}

static async Task<double> RateAsync(TimeSpan duration, int workers, Func<int, int, Task> call)
{
    long total = 0;
    var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var start = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var n = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            await call(w, n++);
        }
        Interlocked.Add(ref total, n);
    })));
    return total / Stopwatch.GetElapsedTime(start).TotalSeconds;
}

static async Task<double[]> SampleAsync(int count, Func<int, Task<TimeSpan>> sample)
{
    for (var i = 0; i < Math.Min(100, count); i++)
    {
        await sample(i); // warm-up
    }
    var samples = new double[count];
    for (var i = 0; i < count; i++)
    {
        samples[i] = (await sample(i)).TotalMilliseconds;
    }
    Array.Sort(samples);
    return samples;
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

static string Ms(double ms) => ms < 1 ? $"{ms * 1000:F0} µs" : $"{ms:F2} ms";

static string Ratio(double rate, double? baseline) => baseline is { } b ? (rate / b).ToString("F2", CultureInfo.InvariantCulture) : "-";

static double? PythonPeer(int items)
{
    try
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add("peer_pool.py");
        start.ArgumentList.Add(items.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return double.Parse(output.Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (Exception e) when (e is System.ComponentModel.Win32Exception or FormatException or IndexOutOfRangeException)
    {
        return null;
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
