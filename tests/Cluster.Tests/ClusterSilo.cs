using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace JobRuntime.Cluster.Tests;

/// <summary>
/// The built silo (<c>dotnet JobRuntime.Silo.dll</c>) as its own process on a cluster profile,
/// with its own HTTP, silo and gateway ports and its own folder. The profile's settings go in
/// environment variables, so the connection string is not on a command line.
/// </summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    private readonly Process _process;

    private ClusterSilo(Process process, string name, Uri address, int siloPort, int gatewayPort, string logPath)
    {
        _process = process;
        Name = name;
        Address = address;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        LogPath = logPath;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public Uri Address { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public string LogPath { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a silo and waits until it answers <c>/health</c> (its Orleans silo has started by then).</summary>
    public static async Task<ClusterSilo> StartAsync(ClusterProfile profile, string name, string folder, params string[] extra)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(profile, name, folder, extra);
            }
            catch (SiloExitedException) when (attempt < 3)
            {
                // A free port was taken by another process before the silo bound it: new ports.
            }
        }
    }

    private static async Task<ClusterSilo> StartOnceAsync(ClusterProfile profile, string name, string folder, string[] extra)
    {
        Directory.CreateDirectory(folder);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        int siloPort = FreePort(), gatewayPort = FreePort();
        var start = Start(profile, folder, address,
            ["--Orleans:Endpoints:SiloPort", Text(siloPort), "--Orleans:Endpoints:GatewayPort", Text(gatewayPort),
             "--JobRuntime:Sqlite:DataSource", Path.Combine(folder, "tasks.db"), "--JobRuntime:Cluster:MinimumReminderPeriod", "00:00:01", .. extra]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var logPath = Path.Combine(folder, $"{name}-{process.Id}.log");
        var log = new JobRuntime.TestServices.ProcessLog(logPath);
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => log.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new ClusterSilo(process, name, address, siloPort, gatewayPort, logPath);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await Task.Delay(300);
                throw new SiloExitedException($"{name} exited with code {process.ExitCode} before serving:\n{Tail(logPath)}");
            }
            try
            {
                if ((await silo.Http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return silo;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        await silo.DisposeAsync();
        throw new TimeoutException($"{name} did not answer /health within 120 s:\n{Tail(logPath)}");
    }

    /// <summary>Runs a silo until it exits by itself (within 120 s); its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(ClusterProfile profile, string folder)
    {
        Directory.CreateDirectory(folder);
        var start = Start(profile, folder, new Uri($"http://127.0.0.1:{FreePort()}"),
            ["--Orleans:Endpoints:SiloPort", Text(FreePort()), "--Orleans:Endpoints:GatewayPort", Text(FreePort()),
             "--JobRuntime:Sqlite:DataSource", Path.Combine(folder, "tasks.db")]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The silo did not exit within 120 s.");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>SIGKILL: no graceful shutdown, nothing flushed, the membership row left as it was.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a silo: it leaves the cluster gracefully.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    public string Tail() => Tail(LogPath);

    private static ProcessStartInfo Start(ClusterProfile profile, string folder, Uri address, string[] arguments)
    {
        var app = typeof(ClusterSilo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
            // No file watchers for appsettings: many silos at once would use up the inotify instances.
            Environment = { ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false" },
        };
        foreach (var (key, value) in profile.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(60)) : "(no log)";

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The silo exited before it answered /health; the message has the end of its log.</summary>
public sealed class SiloExitedException(string message) : Exception(message);
