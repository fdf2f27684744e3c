using JobRuntime.Hosting;
using JobRuntime.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Testing;

/// <summary>
/// A silo started in the test process over its own SQLite file, with memory ("memory") and
/// durable ("durable") stream providers:
/// <code>
/// await using var cluster = await TestCluster.StartAsync();
/// var counter = cluster.GrainFactory.GetGrain&lt;ICounter&gt;("a");
/// await cluster.RestartAsync(); // same file, new silo
/// </code>
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly bool _ownsDirectory;
    private IHost? _host;

    private TestCluster(TestClusterOptions options, bool ownsDirectory)
    {
        _options = options;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The silo gateway's endpoint, <c>127.0.0.1:port</c> (the same port across restarts).</summary>
    public string GatewayAddress => $"127.0.0.1:{_options.GatewayPort}";

    /// <summary>The SQLite file the silo keeps its data in.</summary>
    public string DatabasePath => _options.DatabasePath!;

    /// <summary>The running silo's services.</summary>
    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The test silo is stopped.")).Services;

    /// <summary>The running silo's grain factory.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>A stream provider of the running silo.</summary>
    public IStreamProvider GetStreamProvider(string name) => Services.GetStreamProvider(name);

    /// <summary>Starts a silo.</summary>
    public static async Task<TestCluster> StartAsync(Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions();
        configure?.Invoke(options);
        var ownsDirectory = options.DatabasePath is null;
        if (ownsDirectory)
        {
            var directory = Path.Combine(Path.GetTempPath(), "jobruntime-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            options.DatabasePath = Path.Combine(directory, "silo.db");
        }
        if (options.GatewayPort == 0)
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            options.GatewayPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var cluster = new TestCluster(options, ownsDirectory);
        await cluster.StartSiloAsync();
        return cluster;
    }

    private async Task StartSiloAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["JobRuntime:Gateway:Port"] = _options.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        builder.Configuration.AddInMemoryCollection(_options.Configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _options.ConfigureLogging?.Invoke(builder.Logging);
        builder.UseJobRuntimeSilo(silo =>
        {
            silo.UseSqlite(o => o.DataSource = DatabasePath);
            silo.AddMemoryGrainStorage("memory");
            silo.AddMemoryStreams("memory");
            silo.AddSqliteStreams("durable");
            _options.ConfigureSilo?.Invoke(silo);
        });
        _options.ConfigureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        _host = host;
    }

    /// <summary>Stops the silo gracefully: grains deactivate and storage is flushed.</summary>
    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>Stops the silo and starts a new one over the same SQLite file.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartSiloAsync();
    }

    /// <summary>Stops the silo and deletes the SQLite file if the cluster chose it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Options of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterOptions
{
    /// <summary>The SQLite file; default: a new file in a temporary folder, deleted with the cluster.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The gateway's port; default: a free port chosen at start and kept across restarts.</summary>
    public int GatewayPort { get; set; }

    /// <summary>Configuration values (e.g. <c>JobRuntime:Messaging:ResponseTimeout</c>).</summary>
    public Dictionary<string, string?> Configuration { get; } = [];

    /// <summary>More silo configuration.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }

    /// <summary>More services.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Logging configuration (default: warnings and above, no providers).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
