namespace JobRuntime.PostgreSql;

/// <summary>One numbered schema script of the PostgreSQL engine (<c>Migrations/NNNN_name.sql</c>).</summary>
/// <param name="Version">Its number: scripts run in this order, each once.</param>
/// <param name="Name">Its file name, for example <c>0002_clustering.sql</c>.</param>
/// <param name="Text">The SQL.</param>
public sealed record PostgreSqlMigration(int Version, string Name, string Text);
