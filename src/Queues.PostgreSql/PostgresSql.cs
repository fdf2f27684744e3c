using System.Reflection;

namespace JobRuntime.Queues.PostgreSql;

/// <summary>The embedded <c>.sql</c> files of this assembly: named queries and numbered migrations.</summary>
internal static class PostgresSql
{
    private static readonly Assembly s_assembly = typeof(PostgresSql).Assembly;

    public static readonly string MigrationsTableCreate = Read("Sql/MigrationsTableCreate.sql");
    public static readonly string MigrationsLock = Read("Sql/MigrationsLock.sql");
    public static readonly string MigrationsRead = Read("Sql/MigrationsRead.sql");
    public static readonly string MigrationInsert = Read("Sql/MigrationInsert.sql");
    public static readonly string SendMany = Read("Sql/SendMany.sql");
    public static readonly string Receive = Read("Sql/Receive.sql");
    public static readonly string Peek = Read("Sql/Peek.sql");
    public static readonly string Renew = Read("Sql/Renew.sql");
    public static readonly string Delete = Read("Sql/Delete.sql");
    public static readonly string Move = Read("Sql/Move.sql");
    public static readonly string Count = Read("Sql/Count.sql");
    public static readonly string Clear = Read("Sql/Clear.sql");

    /// <summary>The migrations, numbered 1, 2, 3, ... in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Text)> Migrations { get; } = s_assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal))
        .Select(n => (Version: int.Parse(n["Migrations/".Length..n.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), Name: n, Text: Read(n)))
        .OrderBy(m => m.Version)
        .ToArray();

    private static string Read(string name)
    {
        using var stream = s_assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The SQL resource '{name}' is not embedded in {s_assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
