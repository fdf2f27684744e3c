using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// An open connection with its prepared commands, one per <see cref="SqlStatement"/>. Used by one
/// thread at a time: the writer's session by the writer, a reader's by the operation renting it.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private SqliteCommand?[] _commands = new SqliteCommand?[32];

    public SqliteSession(SqliteConnection connection, long generation)
    {
        Connection = connection;
        Generation = generation;
    }

    /// <summary>The open connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>Which opening of the file this session belongs to; older sessions are discarded.</summary>
    public long Generation { get; }

    /// <summary>
    /// The cached command of a statement. It keeps its prepared statement and its parameters
    /// between executions: bind new values with <see cref="SqliteCommandBinding.Bind"/>.
    /// </summary>
    public SqliteCommand Command(SqlStatement statement)
    {
        if (statement.Id >= _commands.Length)
        {
            Array.Resize(ref _commands, Math.Max(statement.Id + 1, _commands.Length * 2));
        }
        var command = _commands[statement.Id];
        if (command is null)
        {
            command = Connection.CreateCommand();
            command.CommandText = statement.Text;
            _commands[statement.Id] = command;
        }
        return command;
    }

    /// <summary>The rowid of the last row this connection inserted (no SQL round trip).</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(Connection.Handle);

    /// <summary>True when a transaction is open on the connection.</summary>
    public bool InTransaction => Connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0;

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command?.Dispose();
        }
        Connection.Dispose();
    }
}
