using JobRuntime.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Queues.Workers;

/// <summary>
/// Renews a running task's lease every half visibility timeout. When the engine says the receipt
/// is no longer the message's, the lease is lost: the task's token is cancelled.
/// </summary>
internal sealed class Heartbeat : IAsyncDisposable
{
    private readonly WorkQueue _queue;
    private readonly WorkerOptions _options;
    private readonly CancellationTokenSource _task;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly Task _loop;
    private string _receipt;

    public Heartbeat(WorkQueue queue, string receipt, WorkerOptions options, CancellationTokenSource task, ILogger logger)
    {
        _queue = queue;
        _receipt = receipt;
        _options = options;
        _task = task;
        _logger = logger;
        _loop = options.WithHeartbeat ? Task.Run(BeatAsync) : Task.CompletedTask;
    }

    /// <summary>True once a renewal found the lease gone.</summary>
    public bool Lost { get; private set; }

    /// <summary>Stops renewing; returns the latest receipt.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        return _receipt;
    }

    private async Task BeatAsync()
    {
        var interval = _options.VisibilityTimeout / 2;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _options.TimeProvider, _stop.Token).ConfigureAwait(false);
                // Not cancelled by the stop: a renewal in flight must finish, or Azure's new pop
                // receipt would be lost and the task's deletion refused.
                var renewed = await _queue.Driver.MessageRenewAsync(new MessageRenewParams(_queue.Name, _receipt, _options.VisibilityTimeout), CancellationToken.None).ConfigureAwait(false);
                if (renewed is null)
                {
                    Lost = true;
                    await _task.CancelAsync().ConfigureAwait(false);
                    return;
                }
                _receipt = renewed;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                WorkerRunLog.HeartbeatFailed(_logger, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
