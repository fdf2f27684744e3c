using System.Globalization;
using System.Reflection;

namespace JobRuntime.PostgreSql;

/// <summary>The embedded schema scripts of the PostgreSQL engine, in order.</summary>
public static class PostgreSqlMigrations
{
    private const string Folder = "Migrations/";

    /// <summary>Every script this build has, by ascending version.</summary>
    public static IReadOnlyList<PostgreSqlMigration> All { get; } = Load();

    /// <summary>The schema version this build brings a database to.</summary>
    public static int Latest => All[^1].Version;

    private static PostgreSqlMigration[] Load()
    {
        var assembly = typeof(PostgreSqlMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Folder, StringComparison.Ordinal))
            .Select(name => Parse(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The PostgreSQL migrations must be numbered 1, 2, 3, ...; '{migrations[i].Name}' is number {migrations[i].Version} at place {i + 1}.");
            }
        }
        return migrations;
    }

    private static PostgreSqlMigration Parse(Assembly assembly, string resource)
    {
        var file = resource[Folder.Length..];
        var underscore = file.IndexOf('_');
        if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration resource '{resource}' is not named 'NNNN_description.sql'.");
        }
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new PostgreSqlMigration(version, file, reader.ReadToEnd());
    }
}
