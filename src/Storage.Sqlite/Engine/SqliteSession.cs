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
    private sqlite3_stmt?[] _statements = new sqlite3_stmt?[8];

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

    /// <summary>
    /// The statement prepared once on this connection and reset for reuse, for hot loops that bind
    /// by position and read spans without the ADO.NET layer (see <see cref="SqliteRawStatement"/>).
    /// </summary>
    public sqlite3_stmt Prepared(SqlStatement statement)
    {
        if (statement.Id >= _statements.Length)
        {
            Array.Resize(ref _statements, Math.Max(statement.Id + 1, _statements.Length * 2));
        }
        var prepared = _statements[statement.Id];
        if (prepared is null)
        {
            SqliteRawStatement.Check(raw.sqlite3_prepare_v2(Connection.Handle, statement.Text, out prepared), Connection.Handle!);
            _statements[statement.Id] = prepared;
        }
        else
        {
            raw.sqlite3_reset(prepared);
            raw.sqlite3_clear_bindings(prepared);
        }
        return prepared;
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
        foreach (var prepared in _statements)
        {
            prepared?.Dispose();
        }
        Connection.Dispose();
    }
}
