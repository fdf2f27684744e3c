using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// Opens the writer and reader connections of one database file, configured from
/// <see cref="SqliteOptions"/>. Connections are not pooled by the driver: closing one really
/// releases the file, so a replaced or repaired file is seen by the next opening.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly SqlStatement _synchronous;

    public SqliteConnectionFactory(SqliteOptions options)
    {
        FilePath = Path.GetFullPath(options.DataSource);
        BusyTimeout = options.BusyTimeout;
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _synchronous = options.Synchronous == SqliteSynchronous.Full ? Sql.SynchronousFull : Sql.SynchronousNormal;

        // SQLite's own busy handler waits up to the busy timeout; the driver then retries a busy
        // statement until its command timeout (whole seconds, 0 = for ever) has passed. Keep the
        // driver's wait as short as it allows so the busy timeout decides.
        var driverTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = driverTimeoutSeconds,
            ForeignKeys = true,
        };
        _writerConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _readerConnectionString = builder.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>How long a statement waits for another connection's lock.</summary>
    public TimeSpan BusyTimeout { get; }

    /// <summary>
    /// Opens the writer connection: creates the folder and the file when missing, switches the file
    /// to WAL, sets <c>synchronous</c> and the checkpoint interval. Reading the journal mode is the first access to the
    /// file, so a file that is not a database fails here.
    /// </summary>
    public SqliteConnection OpenWriter()
    {
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        return Open(_writerConnectionString, connection =>
        {
            using var journalMode = connection.CreateCommand();
            journalMode.CommandText = Sql.JournalModeWal.Text;
            var mode = journalMode.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteStorageException($"SQLite file '{FilePath}' cannot use write-ahead logging (its journal mode stayed '{mode}').");
            }
            using var synchronous = connection.CreateCommand();
            synchronous.CommandText = _synchronous.Text;
            synchronous.ExecuteNonQuery();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = Sql.WalAutoCheckpoint.Text;
            checkpoint.ExecuteNonQuery();
        });
    }

    /// <summary>Opens a reader connection on the file the writer created.</summary>
    public SqliteConnection OpenReader() => Open(_readerConnectionString, static _ => { });

    private SqliteConnection Open(string connectionString, Action<SqliteConnection> configure)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var rc = raw.sqlite3_busy_timeout(connection.Handle, _busyTimeoutMilliseconds);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
