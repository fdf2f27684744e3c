namespace JobRuntime.Cluster.Tests;

/// <summary>A silo whose engine is not there stops at start-up and says which engine, where.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task A_silo_that_cannot_reach_PostgreSQL_exits_non_zero_naming_the_engine_and_address()
    {
        var port = ClusterSilo.FreePort();
        var profile = new ClusterProfile("PostgreSQL", $"Host=127.0.0.1;Port={port};Username=postgres;Password=hunter2;Database=x;Timeout=5", "closed");

        var (exitCode, output) = await ClusterSilo.RunToExitAsync(profile, Folder());

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"cluster engine PostgreSQL at 127.0.0.1:{port}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_that_cannot_reach_Azure_Storage_exits_non_zero_naming_the_engine_and_address()
    {
        var port = ClusterSilo.FreePort();
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        var profile = new ClusterProfile("AzureStorage",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint};", "closed");

        var (exitCode, output) = await ClusterSilo.RunToExitAsync(profile, Folder());

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"cluster engine Azure Table Storage at {endpoint}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_profile_without_a_connection_string_is_refused_naming_the_key()
    {
        var (exitCode, output) = await ClusterSilo.RunToExitAsync(new ClusterProfile("PostgreSQL", "", "closed"), Folder());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("JobRuntime:Cluster:ConnectionString is required when JobRuntime:Cluster:Provider is PostgreSQL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_naming_the_key_and_the_choices()
    {
        var (exitCode, output) = await ClusterSilo.RunToExitAsync(new ClusterProfile("Cassandra", "x", "closed"), Folder());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("JobRuntime:Cluster:Provider must be Localhost, AzureStorage or PostgreSQL; it is 'Cassandra'", output, StringComparison.Ordinal);
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "jobruntime-startup-" + Guid.NewGuid().ToString("N")[..8]);
}
