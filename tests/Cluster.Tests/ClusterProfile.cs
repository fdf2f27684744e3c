using JobRuntime.TestServices;

namespace JobRuntime.Cluster.Tests;

/// <summary>
/// One cluster's engine and ids: silos and clients given the same profile form one cluster. Each
/// profile gets a service and cluster id (and, on PostgreSQL, a database) of its own.
/// </summary>
public sealed record ClusterProfile(string Provider, string ConnectionString, string ClusterId)
{
    public static async Task<ClusterProfile> PostgreSqlAsync() =>
        new("PostgreSQL", await TestServers.CreatePostgresDatabaseAsync("cluster"), TestServers.UniqueAzureName("c"));

    public static Task<ClusterProfile> AzureStorageAsync() =>
        Task.FromResult(new ClusterProfile("AzureStorage", TestServers.AzureStorage, TestServers.UniqueAzureName("c")));

    /// <summary>The settings, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["JobRuntime:Cluster:Provider"] = Provider,
        ["JobRuntime:Cluster:ConnectionString"] = ConnectionString,
        ["Orleans:ClusterId"] = ClusterId,
        ["Orleans:ServiceId"] = ClusterId,
    };
}
