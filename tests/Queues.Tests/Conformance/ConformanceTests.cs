using JobRuntime.Queues.Tests.Backends;

namespace JobRuntime.Queues.Tests.Conformance;

/// <summary>The SQLite driver straight over its file.</summary>
public sealed class SqliteDriverConformanceTests(SqliteBackend backend) : QueueDriverConformance<SqliteBackend>(backend), IClassFixture<SqliteBackend>;

/// <summary>The embedded engine through queue grains and the cluster client.</summary>
public sealed class EmbeddedDriverConformanceTests(EmbeddedBackend backend) : QueueDriverConformance<EmbeddedBackend>(backend), IClassFixture<EmbeddedBackend>;

/// <summary>PostgreSQL.</summary>
public sealed class PostgresDriverConformanceTests(PostgresBackend backend) : QueueDriverConformance<PostgresBackend>(backend), IClassFixture<PostgresBackend>;

/// <summary>Azure Storage Queues on Azurite.</summary>
public sealed class AzureDriverConformanceTests(AzureBackend backend) : QueueDriverConformance<AzureBackend>(backend), IClassFixture<AzureBackend>;
