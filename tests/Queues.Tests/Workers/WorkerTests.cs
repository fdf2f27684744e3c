using JobRuntime.Queues.Tests.Backends;

namespace JobRuntime.Queues.Tests.Workers;

/// <summary>Workers on the embedded engine (queue grains over SQLite).</summary>
public sealed class EmbeddedWorkerTests(EmbeddedBackend backend) : WorkerBehaviours<EmbeddedBackend>(backend), IClassFixture<EmbeddedBackend>;

/// <summary>Workers on PostgreSQL.</summary>
public sealed class PostgresWorkerTests(PostgresBackend backend) : WorkerBehaviours<PostgresBackend>(backend), IClassFixture<PostgresBackend>;

/// <summary>Workers on Azure Storage Queues (Azurite).</summary>
public sealed class AzureWorkerTests(AzureBackend backend) : WorkerBehaviours<AzureBackend>(backend), IClassFixture<AzureBackend>;
