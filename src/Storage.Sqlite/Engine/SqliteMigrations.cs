using System.Globalization;

namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// The numbered schema migrations (<c>Migrations/0001_initial.sql</c>, ...). Each file ends by
/// setting <c>PRAGMA user_version</c> to its number; pending ones run in one transaction.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly IReadOnlyList<Migration> s_all = Load();

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => s_all[^1].Version;

    /// <summary>Brings the file's schema up to <see cref="Latest"/>; returns the version found before.</summary>
    /// <exception cref="SqliteStorageException">The file's schema is newer than this build.</exception>
    public static int Apply(SqliteSession session, string path)
    {
        var found = ReadVersion(session);
        if (found == Latest)
        {
            return found;
        }
        if (found > Latest)
        {
            throw new SqliteStorageException(
                $"SQLite file '{path}' has schema version {found}, newer than this build knows ({Latest}): it was written by a newer JobRuntime.");
        }

        session.Command(Sql.TransactionBegin).ExecuteNonQuery();
        try
        {
            // Another process may have migrated the file while this one waited for the lock.
            found = ReadVersion(session);
            foreach (var migration in s_all.Where(m => m.Version > found))
            {
                using var command = session.Connection.CreateCommand();
                command.CommandText = migration.Text;
                command.ExecuteNonQuery();
                var reached = ReadVersion(session);
                if (reached != migration.Version)
                {
                    throw new InvalidOperationException($"Migration {migration.Name} left user_version at {reached} instead of {migration.Version}.");
                }
            }
            session.Command(Sql.TransactionCommit).ExecuteNonQuery();
            return found;
        }
        catch
        {
            if (session.InTransaction)
            {
                session.Command(Sql.TransactionRollback).ExecuteNonQuery();
            }
            throw;
        }
    }

    private static int ReadVersion(SqliteSession session) =>
        Convert.ToInt32(session.Command(Sql.SchemaVersionRead).ExecuteScalar(), CultureInfo.InvariantCulture);

    private static Migration[] Load()
    {
        const string folder = "Migrations/";
        var migrations = SqlResources.List(folder)
            .Select(name =>
            {
                var file = name[folder.Length..];
                var underscore = file.IndexOf('_');
                if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    throw new InvalidOperationException($"Migration resource '{name}' is not named 'NNNN_description.sql'.");
                }
                return new Migration(version, name, SqlResources.Read(name));
            })
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3, ... without gaps; found '{migrations[i].Name}' at position {i + 1}.");
            }
        }
        if (migrations.Length == 0)
        {
            throw new InvalidOperationException("No migration is embedded under 'Migrations/'.");
        }
        return migrations;
    }

    private sealed record Migration(int Version, string Name, string Text);
}
