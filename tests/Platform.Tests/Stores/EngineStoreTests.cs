using JobRuntime.AzureStorage.Platform;
using JobRuntime.PostgreSql;
using JobRuntime.PostgreSql.Platform;
using JobRuntime.Sqlite;
using JobRuntime.Sqlite.Platform;
using JobRuntime.TestServices;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>The conformance suite over the embedded engine: the silo's SQLite file.</summary>
public sealed class SqlitePlatformStoreTests : PlatformStoreConformanceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-platform-stores-").FullName;

    protected override Task<PlatformStores> CreateAsync()
    {
        var database = new SqliteDatabase(new SqliteOptions { DataSource = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") });
        return Task.FromResult(new PlatformStores(
            new SqlitePlatformProjectStore(database), new SqlitePlatformJobStore(database), new SqlitePlatformDataStore(database),
            new SqlitePlatformCollectionStore(database), new SqlitePlatformFrontierStore(database), database));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The conformance suite over the PostgreSQL profile's engine: a fresh database with the schema migrations applied.</summary>
public sealed class PostgreSqlPlatformStoreTests : PlatformStoreConformanceTests
{
    protected override async Task<PlatformStores> CreateAsync()
    {
        var connectionString = await TestServers.CreatePostgresDatabaseAsync("platform");
        await PostgreSqlSchema.MigrateAsync(connectionString);
        var database = new PostgresPlatformDatabase(connectionString);
        return new PlatformStores(
            new PostgresPlatformProjectStore(database), new PostgresPlatformJobStore(database), new PostgresPlatformDataStore(database),
            new PostgresPlatformCollectionStore(database), new PostgresPlatformFrontierStore(database), database);
    }
}

/// <summary>The conformance suite over the AzureStorage profile's engine: Azure Tables on Azurite, under tables of a fresh prefix.</summary>
public sealed class AzureStoragePlatformStoreTests : PlatformStoreConformanceTests
{
    protected override Task<PlatformStores> CreateAsync()
    {
        var tables = new AzurePlatformTables(TestServers.AzureStorage, new AzurePlatformStoreOptions { TablePrefix = TestServers.UniqueAzureName("p") });
        return Task.FromResult(new PlatformStores(
            new AzurePlatformProjectStore(tables), new AzurePlatformJobStore(tables), new AzurePlatformDataStore(tables),
            new AzurePlatformCollectionStore(tables), new AzurePlatformFrontierStore(tables), tables));
    }
}
