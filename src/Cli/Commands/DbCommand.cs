using System.CommandLine;
using JobRuntime.PostgreSql;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt db migrate</c>: applies a cluster engine's schema before silos start.</summary>
internal static class DbCommand
{
    public static Command Create(CommandRunner runner)
    {
        var provider = new Option<string>("--provider")
        {
            Description = "The cluster profile: PostgreSQL (AzureStorage needs no schema; its silos create their tables and queues).",
            Required = true,
        };
        var connectionString = new Option<string?>("--connection-string")
        {
            Description = "The engine's connection string (or env JobRuntime__Cluster__ConnectionString).",
        };
        var migrate = new Command("migrate", "Apply JobRuntime's schema scripts that the database has not had yet, under an advisory lock; prints each one applied.")
        {
            provider,
            connectionString,
        };
        migrate.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            var name = parse.GetValue(provider)!;
            if (name.Equals("AzureStorage", StringComparison.OrdinalIgnoreCase))
            {
                runner.Environment.Out.WriteLine("Azure Storage needs no migration: silos create their tables and queues.");
                return ExitCodes.Success;
            }
            if (!name.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"--provider must be PostgreSQL or AzureStorage; it is '{name}'.", ExitCodes.Usage);
            }
            var connection = parse.GetValue(connectionString) ?? runner.Environment.GetVariable("JobRuntime__Cluster__ConnectionString");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new CliException("--connection-string (or env JobRuntime__Cluster__ConnectionString) is required.", ExitCodes.Usage);
            }
            IReadOnlyList<string> applied;
            try
            {
                applied = await PostgreSqlSchema.MigrateAsync(connection, cancellationToken);
            }
            catch (PostgreSqlSchemaException e)
            {
                throw new CliException(e.Message);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"--connection-string is not an Npgsql connection string: {e.Message}", ExitCodes.Usage);
            }
            foreach (var script in applied)
            {
                runner.Environment.Out.WriteLine($"applied {script}");
            }
            runner.Environment.Out.WriteLine($"PostgreSQL at {PostgreSqlSchema.AddressOf(connection)} is at JobRuntime schema version {PostgreSqlMigrations.Latest}.");
            return ExitCodes.Success;
        }));
        return new Command("db", "Manage a cluster engine's schema.") { migrate };
    }
}
