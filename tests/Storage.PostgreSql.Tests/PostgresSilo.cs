using JobRuntime.Hosting;
using JobRuntime.TestServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.PostgreSql.Tests;

/// <summary>
/// One silo in this process on the PostgreSQL profile, over a fresh database: Orleans' own ADO.NET
/// providers, configured by <c>UseJobRuntimeCluster</c>, run our schema's queries. Tests reach
/// the providers through the silo's services.
/// </summary>
public sealed class PostgresSilo : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "jobruntime-pg-" + Guid.NewGuid().ToString("N"));
    private IHost? _host;

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = await TestServers.CreatePostgresDatabaseAsync("conformance");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JobRuntime:Cluster:Provider"] = "PostgreSQL",
            ["JobRuntime:Cluster:ConnectionString"] = ConnectionString,
            ["JobRuntime:Sqlite:DataSource"] = Path.Combine(_folder, "tasks.db"),
            ["Orleans:ClusterId"] = "conformance",
            ["Orleans:ServiceId"] = "conformance",
            ["Orleans:Endpoints:SiloPort"] = "0",
            ["Orleans:Endpoints:GatewayPort"] = "0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseJobRuntimeCluster(builder.Configuration));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}

[CollectionDefinition(Name)]
public sealed class PostgresSiloCollection : ICollectionFixture<PostgresSilo>
{
    public const string Name = "PostgreSQL silo";
}
