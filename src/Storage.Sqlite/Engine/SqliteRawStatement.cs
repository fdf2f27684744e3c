using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JobRuntime.Sqlite.Engine;

/// <summary>Steps of a prepared statement bound by position, failing as the ADO.NET layer does.</summary>
internal static class SqliteRawStatement
{
    /// <summary>Throws the <see cref="SqliteException"/> of a failed result code.</summary>
    public static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next values.</summary>
    public static void Execute(sqlite3_stmt statement, sqlite3 db)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        Check(rc, db);
    }

    /// <summary>Steps to the next row: true on a row, false when done.</summary>
    public static bool Step(sqlite3_stmt statement, sqlite3 db)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        raw.sqlite3_reset(statement);
        Check(rc, db);
        return false;
    }

    /// <summary>Binds an integer, or NULL when it has none.</summary>
    public static void Bind(sqlite3_stmt statement, int position, long? value) =>
        _ = value is { } v ? raw.sqlite3_bind_int64(statement, position, v) : raw.sqlite3_bind_null(statement, position);
}
