using JobRuntime.Queues.Drivers;
using JobRuntime.Storage.Queues;
using JobRuntime.TestServices;

namespace JobRuntime.Queues.Tests.Backends;

/// <summary>Azure Storage Queues on Azurite, started by the test command.</summary>
public sealed class AzureBackend : IQueueBackend
{
    public IQueueDriver Driver { get; private set; } = null!;

    public string ConnectionString => TestServers.AzureStorage;

    public string CliSpec(string queue) => $"azure:{ConnectionString}/{queue}";

    public Task InitializeAsync()
    {
        Driver = new AzureQueueDriver(ConnectionString);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
