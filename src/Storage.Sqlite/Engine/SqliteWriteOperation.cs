namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// One queued write: work to run inside the batch's transaction, and the task its caller awaits.
/// The task completes only after the transaction committed (or fails with the operation's own
/// error, or with the batch's).
/// </summary>
internal abstract class SqliteWriteOperation
{
    private Exception? _error;

    protected SqliteWriteOperation(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>The caller's token; honoured until the operation starts running.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>True when the operation already failed on its own within the current batch.</summary>
    public bool HasFailed => _error is not null;

    /// <summary>Runs the work on the writer's session (inside a transaction, and a savepoint when batched).</summary>
    public abstract void Execute(SqliteSession session);

    /// <summary>Records the operation's own failure; reported by <see cref="Complete"/>.</summary>
    public void MarkFailed(Exception error) => _error = error;

    /// <summary>Reports the outcome after the batch committed: the result, or the failure recorded.</summary>
    public void Complete()
    {
        if (_error is { } error)
        {
            Fail(error);
        }
        else
        {
            Succeed();
        }
    }

    /// <summary>Fails the caller's task.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Completes the caller's task as canceled.</summary>
    public abstract void Cancel();

    protected abstract void Succeed();
}

/// <summary>A write operation producing a <typeparamref name="T"/>.</summary>
internal sealed class SqliteWriteOperation<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    : SqliteWriteOperation(cancellationToken)
{
    // Continuations run on the thread pool, never inline on the writer: user code must not delay
    // the next batch. A caller that ran the batch itself finds its task complete and does not wait.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Execute(SqliteSession session) => _result = work(session);

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);

    protected override void Succeed() => _completion.TrySetResult(_result!);
}
