// The jobs benchmark of issue 4 ("Speed"): N trivial tasks (function Run(d){ return d*2 }) end to
// end on the embedded default (SQLite in a temp folder), with the silo as a separate process,
// through the .NET client and through HTTP; in the same run, the limit (the same function in a
// loop inside one node process fed by a pipe) and a peer (Python's multiprocessing.Pool).
//   dotnet run -c Release --project bench/JobsLoad -- [--tasks N] [--warmup W] [--timeout-minutes M] [--only client,http,node,python,scale-out,azurite]
// scale-out (issue 8) runs one and then two silos on the PostgreSQL profile, each pinned to a core,
// against the server of JOBRUNTIME_TEST_POSTGRES (scripts/test-services.sh start); azurite runs one silo
// on the AzureStorage profile against JOBRUNTIME_TEST_AZURE_STORAGE. Neither is in the default set.
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using JobRuntime.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using JobRuntime.Client.Jobs;

const string ProgramText = Measure.ProgramText;
// Issue 8's targets: 250,000 tasks/s through the .NET client, 150,000/s through HTTP.
const double ClientTarget = 250_000;
const double HttpTarget = 150_000;

var tasks = 1_000_000;
var warmup = 2_000;
var timeout = TimeSpan.FromMinutes(15);
var only = new HashSet<string>(["client", "http", "node", "python"]);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--tasks":
            tasks = int.Parse(args[++i].Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture);
            break;
        case "--warmup":
            warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--timeout-minutes":
            timeout = TimeSpan.FromMinutes(double.Parse(args[++i], CultureInfo.InvariantCulture));
            break;
        case "--only":
            only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            break;
        default:
            Console.Error.WriteLine("usage: JobRuntime.JobsLoad [--tasks N] [--warmup W] [--timeout-minutes M] [--only client,http,node,python,scale-out,azurite]");
            return 2;
    }
}

var siloDll = typeof(Measure).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;
Console.WriteLine($"# Jobs benchmark: {tasks:N0} tasks of `{ProgramText}`");
Console.WriteLine();
Console.WriteLine($"- start: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {Measure.LoadAverage()}");
Console.WriteLine($"- silo: `dotnet {Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(siloDll))}` (separate process, fresh SQLite file in a temp folder per run; {warmup:N0} warm-up tasks on another job first)");
Console.WriteLine($"- machine: {Environment.ProcessorCount} cores, {Measure.CpuModel()}, .NET {Environment.Version}");
Console.WriteLine();

var rows = new List<Row>();
var notes = new List<string>();

if (only.Contains("client"))
{
    rows.Add(await Measure.ClientAsync(siloDll, tasks, warmup, timeout, notes));
}
if (only.Contains("http"))
{
    rows.Add(await Measure.HttpAsync(siloDll, tasks, warmup, timeout, notes));
}
Row? scaleOne = null, scaleTwo = null;
if (only.Contains("scale-out"))
{
    var server = Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_POSTGRES")
        ?? throw new InvalidOperationException("scale-out needs a PostgreSQL server: run scripts/test-services.sh start and source .test-services.env.");
    (scaleOne, scaleTwo) = await ScaleOut.RunAsync(siloDll, server, tasks, warmup, timeout, notes);
}
if (only.Contains("azurite"))
{
    var azurite = Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_AZURE_STORAGE")
        ?? throw new InvalidOperationException("azurite needs Azurite: run scripts/test-services.sh start and source .test-services.env.");
    rows.Add(await ScaleOut.AzuriteAsync(siloDll, azurite, tasks, warmup, timeout, notes));
}
var limit = only.Contains("node") ? await Measure.NodePipeAsync(ProgramText, tasks, notes) : null;
var peer = only.Contains("python") ? await Measure.PythonPeerAsync(tasks, notes) : null;

Console.WriteLine();
Console.WriteLine("| operation | tasks/s | ratio to the node-pipe limit | ratio to the Python peer | target | met? |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
foreach (var row in rows)
{
    if (row.Operation.StartsWith("AzureStorage", StringComparison.Ordinal))
    {
        Console.WriteLine($"| {row.Operation} | **{row.Rate:N0}/s** ({row.Seconds:F1} s) | {Ratio(row.Rate, limit?.Rate)} | {Ratio(row.Rate, peer?.Rate)} | none (Azurite is an emulator) | |");
        continue;
    }
    var target = row.Operation.Contains("HTTP", StringComparison.Ordinal) ? HttpTarget : ClientTarget;
    var met = row.Rate >= target ? "yes" : $"**no: {(1 - row.Rate / target) * 100:F0}% short**";
    Console.WriteLine($"| {row.Operation} | **{row.Rate:N0}/s** ({row.Seconds:F1} s) | {Ratio(row.Rate, limit?.Rate)} | {Ratio(row.Rate, peer?.Rate)} | ≥ {target:N0}/s | {met} |");
}
foreach (var row in new[] { limit, peer }.OfType<Row>())
{
    Console.WriteLine($"| {row.Operation} | {row.Rate:N0}/s ({row.Seconds:F2} s) | {Ratio(row.Rate, limit?.Rate)} | {Ratio(row.Rate, peer?.Rate)} | | |");
}
if (scaleOne is not null && scaleTwo is not null)
{
    Console.WriteLine();
    Console.WriteLine("| scale-out | tasks/s | baseline: one silo on one core, same run | ratio | target | met? |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
    var ratio = scaleTwo.Rate / scaleOne.Rate;
    Console.WriteLine($"| {scaleTwo.Operation} | **{scaleTwo.Rate:N0}/s** ({scaleTwo.Seconds:F1} s) | {scaleOne.Rate:N0}/s ({scaleOne.Seconds:F1} s) | **{ratio:F2}** | ≥ {ScaleOut.Target:F1} | {(ratio >= ScaleOut.Target ? "yes" : "**no**")} |");
}
Console.WriteLine();
foreach (var note in notes)
{
    Console.WriteLine($"- {note}");
}
Console.WriteLine($"- end: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {Measure.LoadAverage()}");
return 0;

static string Ratio(double rate, double? baseline) => baseline is { } b and > 0 ? (rate / b).ToString("G3", CultureInfo.InvariantCulture) : "—";

internal sealed record Row(string Operation, double Rate, double Seconds);

internal static class Measure
{
    public const string ProgramText = "function Run(d){ return d*2 }";

    // 1. The .NET client: job.RunAsync(Enumerable.Range(0, N)), counting results.
    public static async Task<Row> ClientAsync(string siloDll, int tasks, int warmup, TimeSpan timeout, List<string> notes)
    {
        Console.Error.WriteLine($"[client] starting the silo");
        await using var silo = await SiloHost.StartAsync(siloDll);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(c => c
            .UseJobRuntimeGateway(builder.Configuration, silo.GatewayAddress)
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2)));
        using var host = builder.Build();
        await host.StartAsync();
        var jobs = new JobClient(host.Services.GetRequiredService<IClusterClient>());
        if (warmup > 0)
        {
            var warm = await jobs.CreateJobAsync(ProgramText);
            var seen = 0;
            await foreach (var _ in warm.RunAsync(Enumerable.Range(0, warmup)))
            {
                seen++;
            }
            Console.Error.WriteLine($"[client] warm-up: {seen} results");
        }
        var job = await jobs.CreateJobAsync(ProgramText);
        GC.Collect();
        var reset = ResetPeakRss();
        var clientBefore = ReadStatusKb(Environment.ProcessId, "VmRSS");
        var before = Usage.Take(silo);
        silo.StartSampling();
        var run = job.RunAsync(Enumerable.Range(0, tasks));
        long count = 0, sum = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan? submitted = null;
        using var cancel = new CancellationTokenSource(timeout);
        using var progress = Progress("client", clock, () => run.Submitted, () => Interlocked.Read(ref count), silo);
        var timedOut = false;
        try
        {
            await foreach (var result in run.WithCancellation(cancel.Token))
            {
                sum += result.GetInt64();
                Interlocked.Increment(ref count);
                if (submitted is null && run.Submitted == tasks)
                {
                    submitted = clock.Elapsed;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            timedOut = true;
        }
        var elapsed = clock.Elapsed;
        var after = Usage.Take(silo);
        await silo.StopSamplingAsync();
        var errors = run.Errors.Count;
        var clientPeak = ReadStatusKb(Environment.ProcessId, "VmHWM");
        using var self = Process.GetCurrentProcess();
        var operation = $".NET client: `job.RunAsync(Enumerable.Range(0, {tasks:N0}))`, first submit to last result";
        if (timedOut)
        {
            operation += $" — **timed out after {timeout.TotalMinutes:N0} min with {count:N0} results**";
        }
        else if (count != tasks || errors != 0 || sum != (long)tasks * (tasks - 1))
        {
            throw new InvalidOperationException($"The client run got {count} results (sum {sum}) and {errors} errors for {tasks} tasks.");
        }
        notes.Add($"client run: all {tasks:N0} tasks submitted (durable) after {Seconds(submitted)}; last result at {elapsed.TotalSeconds:F1} s; results checked (count and sum), {errors} errors");
        notes.Add($"client process peak RSS (VmHWM{(reset ? ", reset just before the run" : ", since process start")}): **{clientPeak / 1024.0:N0} MB** (Process.PeakWorkingSet64 {self.PeakWorkingSet64 / 1048576.0:N0} MB; {clientBefore / 1024.0:N0} MB just before the run); target < 200 MB: {(clientPeak / 1024.0 < 200 ? "met" : "**missed**")}");
        notes.Add($"silo during the client run: {silo.Describe()}");
        notes.Add($"CPU time during the client run ({elapsed.TotalSeconds:F1} s wall, {Environment.ProcessorCount} cores = {elapsed.TotalSeconds * Environment.ProcessorCount:F0} core-s): {after.Minus(before)}");
        return new Row(operation, count / elapsed.TotalSeconds, elapsed.TotalSeconds);
    }

    // 2. HTTP: open GET /jobs/{id}/results?stream, then POST the tasks as one chunked NDJSON body.
    public static async Task<Row> HttpAsync(string siloDll, int tasks, int warmup, TimeSpan timeout, List<string> notes)
    {
        Console.Error.WriteLine($"[http] starting the silo");
        await using var silo = await SiloHost.StartAsync(siloDll);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = silo.Address, Timeout = Timeout.InfiniteTimeSpan };
        if (warmup > 0)
        {
            var (seen, _, _, _) = await HttpRunAsync(http, warmup, null, CancellationToken.None);
            Console.Error.WriteLine($"[http] warm-up: {seen} results");
        }
        var before = Usage.Take(silo);
        silo.StartSampling();
        using var cancel = new CancellationTokenSource(timeout);
        var counter = new long[1];
        var clock = Stopwatch.StartNew();
        using var progress = Progress("http", clock, () => -1, () => Interlocked.Read(ref counter[0]), silo);
        var timedOut = false;
        long count, sum;
        TimeSpan elapsed;
        TimeSpan? posted;
        try
        {
            (count, sum, elapsed, posted) = await HttpRunAsync(http, tasks, counter, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            timedOut = true;
            (count, sum, elapsed, posted) = (Interlocked.Read(ref counter[0]), 0, clock.Elapsed, null);
        }
        var after = Usage.Take(silo);
        await silo.StopSamplingAsync();
        var operation = $"HTTP: `GET /jobs/{{id}}/results?stream` open, `POST /jobs/{{id}}/tasks` one chunked NDJSON body of {tasks:N0} lines, first byte posted to last result line";
        if (timedOut)
        {
            operation += $" — **timed out after {timeout.TotalMinutes:N0} min with {count:N0} results**";
        }
        else if (count != tasks || sum != (long)tasks * (tasks - 1))
        {
            throw new InvalidOperationException($"The HTTP run got {count} result lines (sum {sum}) for {tasks} tasks.");
        }
        notes.Add($"HTTP run: POST answered 201 (all tasks durable) after {Seconds(posted)}; last result line at {elapsed.TotalSeconds:F1} s; results checked (count and sum)");
        notes.Add($"silo during the HTTP run: {silo.Describe()}");
        notes.Add($"CPU time during the HTTP run ({elapsed.TotalSeconds:F1} s wall, {Environment.ProcessorCount * elapsed.TotalSeconds:F0} core-s): {after.Minus(before)}");
        return new Row(operation, count / elapsed.TotalSeconds, elapsed.TotalSeconds);
    }

    private static async Task<(long Count, long Sum, TimeSpan Elapsed, TimeSpan? Posted)> HttpRunAsync(HttpClient http, int tasks, long[]? counter, CancellationToken cancellationToken)
    {
        var created = await http.PostAsJsonAsync("/jobs/", new { program = ProgramText }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The subscription exists once the headers are in, so no result is missed.
        using var results = await http.GetAsync($"/jobs/{id}/results?stream", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        results.EnsureSuccessStatusCode();
        await using var body = await results.Content.ReadAsStreamAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        TimeSpan? posted = null;
        var posting = Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/jobs/{id}/tasks") { Content = new NdjsonNumbers(tasks) };
            request.Headers.TransferEncodingChunked = true;
            using var response = await http.SendAsync(request, stop.Token);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST tasks answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop.Token)}");
            }
            posted = clock.Elapsed;
        }, stop.Token);
        long count = 0, sum = 0;
        var buffer = new byte[64 * 1024];
        var kept = 0;
        try
        {
            while (count < tasks)
            {
                var read = await body.ReadAsync(buffer.AsMemory(kept), stop.Token);
                if (read == 0)
                {
                    throw new InvalidOperationException($"The results stream ended after {count} lines.");
                }
                var filled = kept + read;
                var start = 0;
                int newline;
                while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
                {
                    if (!Utf8Parser.TryParse(buffer.AsSpan(start, newline), out long value, out _))
                    {
                        throw new InvalidOperationException($"A result line is not a number: {System.Text.Encoding.UTF8.GetString(buffer, start, newline)}");
                    }
                    sum += value;
                    count++;
                    start += newline + 1;
                }
                kept = filled - start;
                buffer.AsSpan(start, kept).CopyTo(buffer);
                if (counter is not null)
                {
                    Interlocked.Exchange(ref counter[0], count);
                }
                if (posting.IsFaulted)
                {
                    await posting;
                }
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        var elapsed = clock.Elapsed;
        await posting;
        await stop.CancelAsync();
        return (count, sum, elapsed, posted);
    }

    // 3. The limit: the same function in a loop inside one node process, fed by a pipe.
    public static async Task<Row> NodePipeAsync(string program, int tasks, List<string> notes)
    {
        Console.Error.WriteLine("[node] piping");
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "node_pipe.js"));
        start.ArgumentList.Add(program);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var input = node.StandardInput.BaseStream;
        var output = node.StandardOutput.BaseStream;
        // One round trip first, so that node's start-up is not timed.
        await input.WriteAsync("0\n"u8.ToArray());
        await input.FlushAsync();
        var buffer = new byte[64 * 1024];
        var got = 0;
        while (got == 0 || buffer[got - 1] != (byte)'\n')
        {
            got += await output.ReadAsync(buffer.AsMemory(got));
        }
        var clock = Stopwatch.StartNew();
        var writing = Task.Run(async () =>
        {
            await new NdjsonNumbers(tasks).CopyToAsync(input);
            await input.FlushAsync();
            input.Close();
        });
        long count = 0, sum = 0;
        var kept = 0;
        while (count < tasks)
        {
            var read = await output.ReadAsync(buffer.AsMemory(kept));
            if (read == 0)
            {
                throw new InvalidOperationException($"node's output ended after {count} lines.");
            }
            var filled = kept + read;
            var at = 0;
            int newline;
            while ((newline = buffer.AsSpan(at, filled - at).IndexOf((byte)'\n')) >= 0)
            {
                Utf8Parser.TryParse(buffer.AsSpan(at, newline), out long value, out _);
                sum += value;
                count++;
                at += newline + 1;
            }
            kept = filled - at;
            buffer.AsSpan(at, kept).CopyTo(buffer);
        }
        var elapsed = clock.Elapsed;
        await writing;
        await node.WaitForExitAsync();
        if (sum != (long)tasks * (tasks - 1))
        {
            throw new InvalidOperationException($"node's results sum to {sum}.");
        }
        notes.Add($"node-pipe limit: one `node` {NodeVersion()} process, `vm` context, NDJSON in and out over pipes, one stdout write per input chunk; results checked");
        return new Row($"limit: the same function in a loop in ONE node process fed by a pipe ({tasks:N0} lines in, {tasks:N0} out)", count / elapsed.TotalSeconds, elapsed.TotalSeconds);
    }

    // 4. The peer: Python's multiprocessing.Pool.imap_unordered over the same function.
    public static async Task<Row> PythonPeerAsync(int tasks, List<string> notes)
    {
        Console.Error.WriteLine("[python] running the peer");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "peer_multiprocessing.py"));
        start.ArgumentList.Add(tasks.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("1000");
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var text = await python.StandardOutput.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (python.ExitCode != 0)
        {
            throw new InvalidOperationException($"the Python peer failed ({python.ExitCode}): {text}");
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rate = double.Parse(lines.Single(l => l.StartsWith("tasks_per_second=", StringComparison.Ordinal))["tasks_per_second=".Length..], CultureInfo.InvariantCulture);
        var info = lines.First();
        notes.Add($"Python peer: `python3 bench/JobsLoad/peer_multiprocessing.py {tasks} 1000` ({info}; pool started and warm before the clock)");
        return new Row($"peer: Python {PythonVersion()} `multiprocessing.Pool({Environment.ProcessorCount}).imap_unordered(run, range({tasks:N0}), chunksize=1000)`", rate, tasks / rate);
    }

    private static IDisposable Progress(string name, Stopwatch clock, Func<long> submitted, Func<long> received, SiloHost silo) =>
        new Timer(_ =>
        {
            var s = submitted();
            Console.Error.WriteLine($"[{name}] {clock.Elapsed.TotalSeconds,6:F1} s: {(s >= 0 ? $"submitted {s:N0}, " : "")}results {received():N0}, silo RSS {ReadStatusKb(silo.Pid, "VmRSS") / 1024:N0} MB, load {LoadAverage()}");
        }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    private static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:F1} s" : "(not reached)";

    // Writing 5 to clear_refs resets the peak RSS (VmHWM) of the process (Linux >= 4.0).
    private static bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long ReadStatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }

    public static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string NodeVersion() => Run("node", "--version");

    private static string PythonVersion() => Run("python3", "--version").Replace("Python ", "");

    private static string Run(string file, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }
}

/// <summary>"0\n1\n...(n-1)\n" generated as it is sent, in constant memory.</summary>
internal sealed class NdjsonNumbers(int count) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) => await WriteAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) => WriteAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        var used = 0;
        for (var i = 0; i < count; i++)
        {
            if (used > buffer.Length - 16)
            {
                await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                used = 0;
            }
            Utf8Formatter.TryFormat(i, buffer.AsSpan(used), out var written);
            used += written;
            buffer[used++] = (byte)'\n';
        }
        await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
    }
}

/// <summary>CPU seconds used so far by the driver (this process), the silo and the silo's child processes (node workers).</summary>
internal readonly record struct Usage(double Driver, double Silo, double Workers)
{
    public static Usage Take(SiloHost silo)
    {
        using var self = Process.GetCurrentProcess();
        return new Usage(self.TotalProcessorTime.TotalSeconds, SiloHost.CpuSeconds(silo.Pid), silo.ChildCpuSeconds());
    }

    public string Minus(Usage before) =>
        $"silo {Silo - before.Silo:F1} s, node workers {Workers - before.Workers:F1} s, driver/client {Driver - before.Driver:F1} s";
}

/// <summary>The built silo, started with <c>dotnet JobRuntime.Silo.dll</c> on free loopback ports and a fresh SQLite file.</summary>
internal sealed class SiloHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly Queue<string> _lastLines = new();
    private readonly Dictionary<int, double> _childCpu = [];
    private CancellationTokenSource? _sampling;
    private Task _sampler = Task.CompletedTask;
    private long _maxRssKb;
    private long _maxWorkersRssKb;
    private int _maxWorkers;

    private SiloHost(Process process, string folder, Uri address, string gateway)
    {
        _process = process;
        _folder = folder;
        Address = address;
        GatewayAddress = gateway;
    }

    public Uri Address { get; }

    public string GatewayAddress { get; }

    public int Pid => _process.Id;

    public static async Task<SiloHost> StartAsync(string dll, string? cpus = null, params string[] extra)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The silo is not built at {dll}; build bench/JobsLoad (it builds src/Silo first).");
        }
        var folder = Directory.CreateTempSubdirectory("jobsload-").FullName;
        var gateway = FreePort();
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        // With cpus, the silo (and the node workers it starts) runs under taskset on those cores only.
        var start = new ProcessStartInfo(cpus is null ? "dotnet" : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in (cpus is null ? [] : new[] { "-c", cpus, "dotnet" }).Concat(
        [
            dll, "--urls", address.ToString(),
            "--JobRuntime:Sqlite:DataSource", Path.Combine(folder, "jobruntime.db"),
            "--Orleans:Endpoints:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
            .. extra,
        ]))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var silo = new SiloHost(process, folder, address, $"127.0.0.1:{gateway}");
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {process.ExitCode}:\n{string.Join('\n', silo._lastLines)}");
            }
            try
            {
                var health = await http.GetStringAsync("/health");
                if (!health.Contains("\"available\":true", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The silo cannot run JavaScript: {health}");
                }
                return silo;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        await silo.DisposeAsync();
        throw new TimeoutException("The silo did not answer /health within 60 s.");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 50)
            {
                _lastLines.Dequeue();
            }
        }
    }

    public void StartSampling()
    {
        _sampling = new CancellationTokenSource();
        var token = _sampling.Token;
        _sampler = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(250, token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public async Task StopSamplingAsync()
    {
        if (_sampling is not null)
        {
            await _sampling.CancelAsync();
            await _sampler;
            Sample();
        }
    }

    private void Sample()
    {
        _maxRssKb = Math.Max(_maxRssKb, Measure.ReadStatusKb(Pid, "VmRSS"));
        var children = Children();
        _maxWorkers = Math.Max(_maxWorkers, children.Count);
        _maxWorkersRssKb = Math.Max(_maxWorkersRssKb, children.Sum(c => Measure.ReadStatusKb(c, "VmRSS")));
    }

    public string Describe() =>
        $"peak RSS **{Measure.ReadStatusKb(Pid, "VmHWM") / 1024.0:N0} MB** (VmHWM since start, warm-up included; highest VmRSS sampled every 250 ms during the run {_maxRssKb / 1024.0:N0} MB); " +
        $"its {_maxWorkers} node worker processes together peaked at {_maxWorkersRssKb / 1024.0:N0} MB RSS (sampled)";

    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    // CPU of the silo's children: live ones read now, exited ones as last seen.
    public double ChildCpuSeconds()
    {
        foreach (var child in Children())
        {
            _childCpu[child] = CpuSeconds(child);
        }
        return _childCpu.Values.Sum();
    }

    private List<int> Children()
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == Pid)
                {
                    children.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }
        return children;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
