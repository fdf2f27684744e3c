using JobRuntime.Client;
using JobRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Cli.Hosting;

/// <summary>
/// A silo inside the CLI's process, used when no gateway is configured: jobs, task queues,
/// results and errors in one SQLite file; JavaScript in Node.js workers and .NET handlers as
/// <c>AddJobs</c> sets them up; no gateway (nothing listens). The CLI reaches it through
/// <see cref="EmbeddedClusterClient"/>, so every command runs the same <c>JobClient</c> code as
/// against a remote silo. Its task workers run while the command runs.
/// </summary>
internal sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host)
    {
        _host = host;
        Client = new EmbeddedClusterClient(host.Services);
    }

    public IClusterClient Client { get; }

    public static async Task<EmbeddedSilo> StartAsync(string database, Action<ISiloBuilder>? configure, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(database);
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new CliException($"The folder of the database '{path}' does not exist.");
        }
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // The silo's options as usual (e.g. JobRuntime__Node__Path, JobRuntime__Jobs__Concurrency), but never a gateway.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["JobRuntime:Gateway:Enabled"] = "false" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseJobRuntimeSilo(silo =>
        {
            silo.UseSqlite(o => o.DataSource = path);
            silo.AddJobs();
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new EmbeddedSilo(host);
    }

    /// <summary>Stops the silo gracefully (its queued writes are flushed to the file).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
