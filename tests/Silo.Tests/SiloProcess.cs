using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace JobRuntime.Silo.Tests;

/// <summary>The built silo started with <c>dotnet JobRuntime.Silo.dll</c> on a free loopback port and its own SQLite file.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, Uri address, int gatewayPort, string logPath)
    {
        LogPath = logPath;
        _process = process;
        Address = address;
        GatewayAddress = $"127.0.0.1:{gatewayPort}";
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    /// <summary>The file the app's standard output and error go to.</summary>
    public string LogPath { get; }

    /// <summary>The silo's client gateway, <c>127.0.0.1:port</c>.</summary>
    public string GatewayAddress { get; }

    public HttpClient Http { get; }

    public static async Task<SiloProcess> StartAsync(string databasePath, int? gatewayPort = null, params string[] extra)
    {
        // A free port can be taken by another test's process before the silo binds it: with ports
        // of its own choosing, a silo that exits before serving is started again on new ones.
        for (var attempt = 1; ; attempt++)
        {
            var gateway = gatewayPort ?? FreePort();
            try
            {
                return await StartAppAsync("SiloAssembly", Path.GetDirectoryName(databasePath)!, gateway,
                    ["--JobRuntime:Sqlite:DataSource", databasePath, "--Orleans:Endpoints:GatewayPort", gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--Orleans:Endpoints:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);
            }
            catch (SiloExitedException) when (gatewayPort is null && attempt < 3)
            {
            }
        }
    }

    /// <summary>Starts a built app of this repository (named by an assembly-metadata key) on a free loopback port.</summary>
    public static async Task<SiloProcess> StartAppAsync(string assemblyKey, string workingDirectory, int gateway, params string[] arguments)
    {
        var app = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == assemblyKey).Value!;
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            // No file watchers for appsettings: many apps at once would use up the inotify instances.
            Environment = { ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // The app's output goes to a log beside its files, for a failing test to be looked into.
        var logPath = Path.Combine(workingDirectory, Path.GetFileNameWithoutExtension(app) + ".log");
        var log = new JobRuntime.TestServices.ProcessLog(logPath);
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.Exited += (_, _) => log.Close();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new SiloProcess(process, address, gateway, logPath);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await Task.Delay(200); // the last lines reach the log
                var tail = string.Join('\n', File.ReadLines(logPath).TakeLast(40));
                throw new SiloExitedException($"{Path.GetFileName(app)} exited with code {process.ExitCode} before serving:\n{tail}");
            }
            try
            {
                if ((await running.Http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return running;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        await running.DisposeAsync();
        throw new TimeoutException($"{Path.GetFileName(app)} did not answer /health at {address} within 60 s.");
    }

    /// <summary>Runs the silo with <paramref name="arguments"/> until it exits by itself (within 60 s); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, params string[] arguments)
    {
        var app = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePort()}");
        foreach (var argument in (string[])["--Orleans:Endpoints:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The silo did not exit within 60 s.");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The app's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// SIGKILL to the app's process alone: no graceful shutdown, nothing flushed, and its child
    /// processes (Node.js workers) left to notice by themselves.
    /// </summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The app exited before it answered /health; the message has the end of its log.</summary>
internal sealed class SiloExitedException(string message) : Exception(message);
