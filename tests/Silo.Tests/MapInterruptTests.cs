using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace JobRuntime.Silo.Tests;

/// <summary>spychronous's Ctrl-C: jobrt map over its embedded silo, sent SIGINT mid-map, ends and takes its workers with it.</summary>
public sealed class MapInterruptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-map-interrupt-").FullName;

    [Fact]
    public async Task Jobrt_map_on_its_embedded_silo_sent_SIGINT_mid_map_exits_130_and_leaves_no_worker_process()
    {
        var cli = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!;
        // env restores SIGINT's default action (a test host may run with it ignored, which .NET keeps), then becomes dotnet.
        var start = new ProcessStartInfo("env") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        start.Environment.Remove("JOBRT_GATEWAY");
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", cli, "map", "--db", Path.Combine(_directory, "jobrt.db"),
            "-e", "function Run(d) { var end = Date.now() + 200; while (Date.now() < end) {} return d; }", "--workers", "2"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var firstLine = process.StandardOutput.ReadLineAsync();
        var error = process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 200; i++)
        {
            await process.StandardInput.WriteLineAsync(i.ToString(CultureInfo.InvariantCulture));
        }
        process.StandardInput.Close();
        Assert.True("0" == await firstLine.WaitAsync(TimeSpan.FromSeconds(120)), $"no first result: {(process.HasExited ? await error : "")}");
        var workers = Descendants(process.Id);
        Assert.NotEmpty(workers); // the embedded silo's node workers, computing the rest

        Assert.False(process.HasExited, $"jobrt ended before SIGINT: {(process.HasExited ? await error : "")}");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(130 == process.ExitCode, $"exit code {process.ExitCode}: {await error}");
        while (workers.Any(IsAlive))
        {
            await Task.Delay(100, limit.Token);
        }
    }

    // Every process below pid, from /proc (Linux).
    private static List<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var id) && ParentOf(id) is { } parent)
            {
                parents[id] = parent;
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var next))
        {
            foreach (var (child, parent) in parents)
            {
                if (parent == next)
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }
        return found;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": the command may hold spaces, so read after its last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // A zombie (state Z) has ended; only its parent has yet to collect it.
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
