using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// The single writer of a database file, with group commit. Write operations queue in a channel;
/// the writer takes up to <see cref="SqliteOptions.WriteBatchSize"/> of them, runs them in one
/// transaction (each in its own savepoint, so one that fails is undone alone), commits once and
/// then completes every operation's task. Concurrent writers therefore share commits.
/// </summary>
/// <remarks>
/// There is no dedicated thread; the writer loop runs on the thread pool while operations are
/// queued. A lone producer (no enqueue found the writer busy lately) runs its batch on its own
/// thread instead, which spares it two thread switches per operation. Once producers contend,
/// the loop starts on the thread pool again for a while, so that the operations queued while it
/// is being scheduled and while it commits share the next transaction. Only the holder of
/// <see cref="_draining"/> touches the writer connection.
/// </remarks>
internal sealed partial class SqliteWriter : IThreadPoolWorkItem
{
    // How many idle-writer enqueues after a contended one still go through the thread pool.
    private const int BatchingWindow = 64;

    private readonly Channel<SqliteWriteOperation> _queue =
        Channel.CreateUnbounded<SqliteWriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<SqliteWriteOperation> _batch = [];
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteReadPool _readers;
    private readonly int _batchSize;
    private readonly ILogger _logger;
    private volatile SqliteSession? _session;
    private volatile bool _reopenRequested;
    private int _draining;
    private int _batchingCredit;
    private long _transactions;
    private long _operations;

    public SqliteWriter(SqliteConnectionFactory connections, SqliteReadPool readers, int batchSize, ILogger logger)
    {
        _connections = connections;
        _readers = readers;
        _batchSize = batchSize;
        _logger = logger;
    }

    /// <summary>True when the file is open and migrated, so readers may use it.</summary>
    public bool IsOpen => _session is not null && !_reopenRequested;

    /// <summary>Transactions committed so far (for tests and diagnostics).</summary>
    public long TransactionsCommitted => Interlocked.Read(ref _transactions);

    /// <summary>Operations committed so far (for tests and diagnostics).</summary>
    public long OperationsCommitted => Interlocked.Read(ref _operations);

    /// <summary>Queues a write; its task completes once the transaction that ran it committed.</summary>
    public Task<T> Enqueue<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
        var operation = new SqliteWriteOperation<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(operation))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteDatabase), $"The SQLite database '{_connections.FilePath}' is disposed."));
        }
        if (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            // The writer is busy: producers are concurrent, so batching pays off for a while.
            Volatile.Write(ref _batchingCredit, BatchingWindow);
        }
        else if (Volatile.Read(ref _batchingCredit) > 0)
        {
            // Let the writer loop start on the thread pool: the operations queued meanwhile join its batch.
            Interlocked.Decrement(ref _batchingCredit);
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        else
        {
            // A lone producer: run the batch here, sparing two thread switches per operation.
            RunBatch();
            ContinueOrRelease();
        }
        return operation.Task;
    }

    /// <summary>Asks the writer to close and reopen the file before its next batch (a reader found it broken).</summary>
    public void RequestReopen()
    {
        _reopenRequested = true;
        _readers.Invalidate();
    }

    /// <summary>Stops taking writes, commits every queued one, and closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // Wait for the running batch, then keep the writer for ever: nobody writes after this.
        while (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }
        while (RunBatch() > 0)
        {
        }
        CloseSession();
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (RunBatch() > 0 && _queue.Reader.TryPeek(out _))
        {
        }
        Release();
    }

    private void ContinueOrRelease()
    {
        if (_queue.Reader.TryPeek(out _))
        {
            // Hand the rest to the thread pool so this caller returns with its own result now.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            return;
        }
        Release();
    }

    private void Release()
    {
        Interlocked.Exchange(ref _draining, 0);
        // An operation queued after the last look found the writer busy and left it to us.
        if (_queue.Reader.TryPeek(out _) && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Runs one batch of queued operations; returns how many were taken.</summary>
    private int RunBatch()
    {
        while (_batch.Count < _batchSize && _queue.Reader.TryRead(out var operation))
        {
            if (operation.CancellationToken.IsCancellationRequested)
            {
                operation.Cancel();
            }
            else
            {
                _batch.Add(operation);
            }
        }
        var taken = _batch.Count;
        if (taken > 0)
        {
            try
            {
                ExecuteBatch(_batch);
            }
            finally
            {
                _batch.Clear();
            }
        }
        return taken;
    }

    private void ExecuteBatch(List<SqliteWriteOperation> batch)
    {
        SqliteSession session;
        try
        {
            session = EnsureOpen();
        }
        catch (Exception e)
        {
            var error = SqliteErrors.ToStorageException(e, _connections.FilePath, _connections.BusyTimeout);
            LogOpenFailed(_logger, _connections.FilePath, error.Message);
            foreach (var operation in batch)
            {
                operation.Fail(error);
            }
            return;
        }

        try
        {
            session.Command(Sql.TransactionBegin).ExecuteNonQuery();
            var committed = batch.Count == 1 ? ExecuteAlone(session, batch[0]) : ExecuteEachInSavepoint(session, batch);
            session.Command(committed > 0 ? Sql.TransactionCommit : Sql.TransactionRollback).ExecuteNonQuery();
            if (committed > 0)
            {
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _operations, committed);
            }
        }
        catch (Exception e)
        {
            AbortBatch(session, batch, e);
            return;
        }
        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    // A batch of one needs no savepoint: if the operation fails, the transaction is rolled back.
    private int ExecuteAlone(SqliteSession session, SqliteWriteOperation operation)
    {
        try
        {
            operation.Execute(session);
            return 1;
        }
        catch (Exception e) when (!SqliteErrors.IsFileFailure(e))
        {
            operation.MarkFailed(SqliteErrors.ToStorageException(e, _connections.FilePath, _connections.BusyTimeout));
            return 0;
        }
    }

    private int ExecuteEachInSavepoint(SqliteSession session, List<SqliteWriteOperation> batch)
    {
        var committed = 0;
        foreach (var operation in batch)
        {
            session.Command(Sql.SavepointBegin).ExecuteNonQuery();
            try
            {
                operation.Execute(session);
            }
            catch (Exception e) when (!SqliteErrors.IsFileFailure(e))
            {
                session.Command(Sql.SavepointRollback).ExecuteNonQuery();
                operation.MarkFailed(SqliteErrors.ToStorageException(e, _connections.FilePath, _connections.BusyTimeout));
                continue;
            }
            session.Command(Sql.SavepointRelease).ExecuteNonQuery();
            committed++;
        }
        return committed;
    }

    // The transaction itself failed (lock, corruption, full disk, ...): nothing of the batch is kept.
    private void AbortBatch(SqliteSession session, List<SqliteWriteOperation> batch, Exception failure)
    {
        var error = SqliteErrors.ToStorageException(failure, _connections.FilePath, _connections.BusyTimeout);
        LogBatchFailed(_logger, batch.Count, _connections.FilePath, error.Message);
        var reopen = SqliteErrors.NeedsReopen(failure);
        try
        {
            if (session.InTransaction)
            {
                session.Command(Sql.TransactionRollback).ExecuteNonQuery();
            }
        }
        catch (Exception)
        {
            // The rollback failed too; the connection's state is unknown, so it is replaced.
            reopen = true;
        }
        if (reopen || session.InTransaction)
        {
            CloseSession();
        }
        foreach (var operation in batch)
        {
            if (!operation.HasFailed)
            {
                operation.MarkFailed(error);
            }
            operation.Complete();
        }
    }

    private SqliteSession EnsureOpen()
    {
        if (_reopenRequested)
        {
            _reopenRequested = false;
            CloseSession();
        }
        if (_session is { } open)
        {
            return open;
        }
        var session = new SqliteSession(_connections.OpenWriter(), generation: 0);
        try
        {
            var found = SqliteMigrations.Apply(session, _connections.FilePath);
            LogOpened(_logger, _connections.FilePath, found, SqliteMigrations.Latest);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        _readers.Invalidate();
        _session = session;
        return session;
    }

    private void CloseSession()
    {
        var session = _session;
        _session = null;
        _readers.Invalidate();
        session?.Dispose();
    }
}
