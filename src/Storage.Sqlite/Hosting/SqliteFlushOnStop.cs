using JobRuntime.Sqlite;

namespace Orleans.Hosting;

/// <summary>
/// Commits the writes still queued in the <see cref="SqliteDatabase"/> when the silo stops. It stops
/// at <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, after grains were deactivated (their
/// last state writes queued) and stream and reminder services stopped.
/// </summary>
internal sealed class SqliteFlushOnStop(SqliteDatabase database) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteFlushOnStop), ServiceLifecycleStage.RuntimeInitialize, _ => Task.CompletedTask, StopAsync);

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteStorageException)
        {
            // The file cannot be opened (locked, corrupt): no write can be queued behind it, and
            // the failed operations already reported the cause.
        }
    }
}
