using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace JobRuntime.Queues.Tests.Silo;

/// <summary>The silo run as its own process on free loopback ports, with the user alice (password "secret").</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private static readonly string s_dll = typeof(SiloFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("jobruntime-queues-silo-").FullName;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public Uri Address { get; private set; } = null!;

    public int GatewayPort { get; private set; }

    public string Directory => _directory;

    public HttpClient Http(bool authenticated = true)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")));
        }
        return client;
    }

    public async Task InitializeAsync()
    {
        Address = new Uri($"http://127.0.0.1:{FreePort()}");
        GatewayPort = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
            Environment = { ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false" },
        };
        foreach (var argument in new[]
        {
            s_dll, "--urls", Address.ToString(),
            "--JobRuntime:Sqlite:DataSource", Path.Combine(_directory, "silo.db"),
            "--Orleans:Endpoints:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--JobRuntime:Http:Users:0:Name", "alice", "--JobRuntime:Http:Users:0:Password", "secret",
        })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = Http();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{_log}");
            }
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The silo did not answer /health within 90 s:\n{_log}");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
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
