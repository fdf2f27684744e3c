using JobRuntime.Queues.Tests.Backends;

namespace JobRuntime.Queues.Tests.Cli;

/// <summary>jobrt queue on sqlite:FILE/NAME (an embedded silo in each jobrt process over the same file).</summary>
public sealed class EmbeddedQueueCliTests(SqliteBackend backend) : QueueCliBehaviours<SqliteBackend>(backend), IClassFixture<SqliteBackend>;

/// <summary>jobrt queue on postgres:CONN/NAME.</summary>
public sealed class PostgresQueueCliTests(PostgresBackend backend) : QueueCliBehaviours<PostgresBackend>(backend), IClassFixture<PostgresBackend>;

/// <summary>jobrt queue on azure:CONN/NAME (Azurite).</summary>
public sealed class AzureQueueCliTests(AzureBackend backend) : QueueCliBehaviours<AzureBackend>(backend), IClassFixture<AzureBackend>;
