namespace JobRuntime.Hosting;

/// <summary>Where a JobRuntime cluster keeps its membership, grain state, reminders and streams.</summary>
public enum ClusterProvider
{
    /// <summary>One silo on this machine over one SQLite file (loopback clustering): the embedded default.</summary>
    Localhost,

    /// <summary>
    /// Azure Storage: membership, grain state (default and <c>PubSubStore</c>) and reminders in
    /// Azure Tables, the <c>jobs</c> stream provider over Azure Queues.
    /// </summary>
    AzureStorage,

    /// <summary>
    /// PostgreSQL through Orleans' ADO.NET providers (Npgsql): membership, grain state,
    /// reminders and the <c>jobs</c> stream provider, on JobRuntime's schema.
    /// </summary>
    PostgreSQL,
}
