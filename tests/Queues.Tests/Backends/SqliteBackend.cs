using JobRuntime.Sqlite;
using JobRuntime.Sqlite.Queues;
using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Tests.Backends;

/// <summary>The SQLite driver straight over a database file of its own.</summary>
public sealed class SqliteBackend : IQueueBackend
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-queues-").FullName;
    private SqliteDatabase? _database;

    public IQueueDriver Driver { get; private set; } = null!;

    public string Path => System.IO.Path.Combine(_directory, "queues.db");

    public string CliSpec(string queue) => $"sqlite:{Path}/{queue}";

    public Task InitializeAsync()
    {
        _database = new SqliteDatabase(new SqliteOptions { DataSource = Path });
        Driver = new SqliteQueueDriver(_database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
