using JobRuntime.Queues.PostgreSql;
using JobRuntime.Storage.Queues;
using JobRuntime.TestServices;

namespace JobRuntime.Queues.Tests.Backends;

/// <summary>The PostgreSQL driver over a fresh database on the test server.</summary>
public sealed class PostgresBackend : IQueueBackend
{
    private PostgresQueueDriver? _driver;

    public IQueueDriver Driver => _driver!;

    public string ConnectionString { get; private set; } = "";

    public string CliSpec(string queue) => $"postgres:{ConnectionString}/{queue}";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestServers.CreatePostgresDatabaseAsync("queues");
        _driver = new PostgresQueueDriver(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_driver is not null)
        {
            await _driver.DisposeAsync();
        }
    }
}
