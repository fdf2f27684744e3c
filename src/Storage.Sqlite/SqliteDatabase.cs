using JobRuntime.Sqlite.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobRuntime.Sqlite;

/// <summary>
/// One SQLite database file shared by the grain storage, the reminder table and the durable
/// stream store of a silo. The file is opened on first use, switched to WAL and migrated to the
/// current schema; writes go through one writer connection with group commit, reads through a
/// pool of reader connections.
/// </summary>
/// <remarks>
/// A file that cannot be used (not a database, corrupt, locked past <see cref="SqliteOptions.BusyTimeout"/>,
/// unopenable) fails the operation with a <see cref="SqliteStorageException"/> naming the file; the
/// next operation tries to open it again, so fixing the file recovers without a restart.
/// SQLite does its I/O synchronously: an operation may complete on the calling thread.
/// </remarks>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteReadPool _readers;
    private readonly SqliteWriter _writer;
    private int _disposed;

    /// <summary>Creates the database over <see cref="SqliteOptions.DataSource"/>; nothing is opened until the first operation.</summary>
    /// <param name="options">The file and its settings; validated with <see cref="SqliteOptionsValidator"/>.</param>
    /// <param name="logger">Logs openings and failed batches; none when null.</param>
    /// <param name="timeProvider">The clock stamping records and events; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SqliteDatabase(SqliteOptions options, ILogger<SqliteDatabase>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new SqliteOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }
        TimeProvider = timeProvider ?? TimeProvider.System;
        _connections = new SqliteConnectionFactory(options);
        _readers = new SqliteReadPool(_connections);
        _writer = new SqliteWriter(_connections, _readers, options.WriteBatchSize, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath => _connections.FilePath;

    /// <summary>The clock that stamps state records and stream events.</summary>
    internal TimeProvider TimeProvider { get; }

    /// <summary>The group-commit writer (its counters show how writes were batched).</summary>
    internal SqliteWriter Writer => _writer;

    /// <summary>
    /// Completes once every write queued before the call has been committed (or has failed).
    /// Opens the file if it is not open yet.
    /// </summary>
    /// <exception cref="SqliteStorageException">The file cannot be opened.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(static _ => true, cancellationToken);

    /// <summary>Queues a write; it runs inside a transaction shared with other queued writes.</summary>
    internal Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException<T>(Disposed());
        }
        return _writer.Enqueue(work, cancellationToken);
    }

    /// <summary>Runs a read on a pooled reader connection (opening and migrating the file first if needed).</summary>
    internal Task<T> ReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException<T>(Disposed());
        }
        return _writer.IsOpen ? ReadNow(work) : OpenThenReadAsync(work, cancellationToken);
    }

    /// <summary>Commits every queued write, then closes all connections. Later operations fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
    }

    /// <summary>Same as <see cref="DisposeAsync"/>, waiting synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<T> OpenThenReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        await _writer.Enqueue(static _ => true, cancellationToken).ConfigureAwait(false);
        return await ReadNow(work).ConfigureAwait(false);
    }

    private Task<T> ReadNow<T>(Func<SqliteSession, T> work)
    {
        SqliteSession session;
        try
        {
            session = _readers.Rent();
        }
        catch (Exception e)
        {
            return Task.FromException<T>(ReadFailure(e));
        }
        try
        {
            var result = work(session);
            _readers.Return(session);
            return Task.FromResult(result);
        }
        catch (Exception e)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException)
            {
                session.Dispose();
            }
            else
            {
                _readers.Return(session);
            }
            return Task.FromException<T>(ReadFailure(e));
        }
    }

    private Exception ReadFailure(Exception e)
    {
        if (SqliteErrors.NeedsReopen(e))
        {
            _writer.RequestReopen();
        }
        return SqliteErrors.ToStorageException(e, _connections.FilePath, _connections.BusyTimeout);
    }

    private ObjectDisposedException Disposed() =>
        new(nameof(SqliteDatabase), $"The SQLite database '{_connections.FilePath}' is disposed.");
}
