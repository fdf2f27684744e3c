using System.Diagnostics;
using JobRuntime.Queues.Processors;
using JobRuntime.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobRuntime.Queues.Workers;

/// <summary>One call of <c>LaunchWorkersAsync</c>: its workers, counters and stops.</summary>
internal sealed partial class WorkerRun : IDisposable
{
    private readonly WorkQueue _queue;
    private readonly IQueueProcessor _processor;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationToken _hard;
    private readonly CancellationTokenSource _stopTaking;
    private readonly CancellationTokenSource _timeLimit;
    private readonly CancellationToken _soft;
    private readonly long _started;
    private long _succeeded, _retried, _deadLettered, _leaseLost;
    private int _running, _consecutiveFailures;
    private Exception? _lastFailure;
    private volatile bool _tooManyFailures;

    public WorkerRun(WorkQueue queue, IQueueProcessor processor, WorkerOptions options, CancellationToken soft, CancellationToken hard)
    {
        _queue = queue;
        _processor = processor;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _hard = hard;
        _soft = soft;
        _timeLimit = new CancellationTokenSource(options.TimeLimit, options.TimeProvider);
        _stopTaking = CancellationTokenSource.CreateLinkedTokenSource(soft, hard, _timeLimit.Token);
        _started = options.TimeProvider.GetTimestamp();
    }

    public async Task<WorkerReport> RunAsync()
    {
        var workers = Enumerable.Range(0, _options.NumWorkers).Select(i => Task.Run(() => WorkAsync($"{_options.WorkerId}:{i}"))).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var progress = Progress();
        if (_tooManyFailures)
        {
            throw new TooManyFailuresException(_queue.Name, _options.MaxConsecutiveFailures, progress, _lastFailure);
        }
        var reason = _hard.IsCancellationRequested ? WorkerStopReason.Cancelled
            : _soft.IsCancellationRequested ? WorkerStopReason.Stopped
            : _timeLimit.IsCancellationRequested ? WorkerStopReason.TimeLimit
            : WorkerStopReason.QueueEmpty;
        return new WorkerReport(reason, progress);
    }

    private async Task WorkAsync(string workerId)
    {
        using var scope = _logger.BeginScope(WorkerLogScope.Worker(_queue.Name, workerId));
        try
        {
            var next = _stopTaking.IsCancellationRequested ? null : await ReceiveOneAsync().ConfigureAwait(false);
            while (next is not null)
            {
                next = await RunTaskAsync(next, workerId).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_hard.IsCancellationRequested)
        {
        }
        LogWorkerStopped(_logger, _hard.IsCancellationRequested ? WorkerStopReason.Cancelled : _stopTaking.IsCancellationRequested ? WorkerStopReason.Stopped : WorkerStopReason.QueueEmpty);
    }

    private async Task<ReceivedMessage?> ReceiveOneAsync()
    {
        var received = await _queue.ReceiveAsync(1, _options.VisibilityTimeout, _hard).ConfigureAwait(false);
        return received.Count == 0 ? null : received[0];
    }

    /// <summary>Runs one task and settles it; returns the worker's next message, or null when it stops.</summary>
    private async Task<ReceivedMessage?> RunTaskAsync(ReceivedMessage received, string workerId)
    {
        QueueMessage message;
        try
        {
            message = received.Message;
        }
        catch (InvalidQueueMessageException e)
        {
            using var badScope = _logger.BeginScope(WorkerLogScope.Task("?"));
            LogInvalidMessage(_logger, _queue.FailedName, e);
            await _queue.Driver.MessageMoveAsync(new MessageMoveParams(_queue.Name, received.Receipt, _queue.FailedName, received.Body), _hard).ConfigureAwait(false);
            Interlocked.Increment(ref _deadLettered);
            CountFailure(e);
            return await NextAsync().ConfigureAwait(false);
        }

        using var taskScope = _logger.BeginScope(WorkerLogScope.Task(message.Id));
        LogTaskStarted(_logger);
        Interlocked.Increment(ref _running);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_hard);
        await using var heartbeat = new Heartbeat(_queue, received.Receipt, _options, cancel, _logger);
        Exception? failure = null;
        try
        {
            await _processor.ProcessAsync(new QueueTask(message.Id, message.Kwargs, message.NumRetries, _queue.Name, workerId), cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
        var receipt = await heartbeat.StopAsync().ConfigureAwait(false);

        if (heartbeat.Lost)
        {
            LogLeaseLost(_logger);
            Interlocked.Increment(ref _leaseLost);
        }
        else if (_hard.IsCancellationRequested)
        {
            // Hard stop: the message becomes visible again when its timeout ends.
        }
        else if (failure is null)
        {
            // The deletion and the next receive share one step (one write on SQLite).
            var delete = new MessageDeleteParams(_queue.Name, receipt);
            bool deleted;
            ReceivedMessage? next = null;
            if (_stopTaking.IsCancellationRequested)
            {
                deleted = await _queue.Driver.MessageDeleteAsync(delete, _hard).ConfigureAwait(false);
            }
            else
            {
                var done = await _queue.Driver.MessageDeleteAndReceiveAsync(delete, new MessageReceiveParams(_queue.Name, 1, _options.VisibilityTimeout), _hard).ConfigureAwait(false);
                deleted = done.Deleted;
                next = done.Next.Count == 0 ? null : new ReceivedMessage(done.Next[0].Body, done.Next[0].Receipt, done.Next[0].DequeueCount);
            }
            if (deleted)
            {
                LogTaskSucceeded(_logger);
                Interlocked.Increment(ref _succeeded);
                Volatile.Write(ref _consecutiveFailures, 0);
            }
            else
            {
                LogLeaseLost(_logger);
                Interlocked.Increment(ref _leaseLost);
            }
            _options.Progress?.Report(Progress());
            return next;
        }
        else
        {
            await FailAsync(message, receipt, failure).ConfigureAwait(false);
        }
        _options.Progress?.Report(Progress());
        return await NextAsync().ConfigureAwait(false);
    }

    private Task<ReceivedMessage?> NextAsync() =>
        _stopTaking.IsCancellationRequested || _hard.IsCancellationRequested ? Task.FromResult<ReceivedMessage?>(null) : ReceiveOneAsync();

    private async Task FailAsync(QueueMessage message, string receipt, Exception failure)
    {
        bool moved;
        if (message.NumRetries > 0)
        {
            moved = await _queue.Driver.MessageMoveAsync(new MessageMoveParams(_queue.Name, receipt, _queue.Name, message.WithOneRetryFewer().ToJson()), _hard).ConfigureAwait(false);
            if (moved)
            {
                LogTaskRetried(_logger, message.NumRetries - 1, failure);
                Interlocked.Increment(ref _retried);
            }
        }
        else
        {
            var dead = message with { Error = Describe(failure) };
            moved = await _queue.Driver.MessageMoveAsync(new MessageMoveParams(_queue.Name, receipt, _queue.FailedName, dead.ToJson()), _hard).ConfigureAwait(false);
            if (moved)
            {
                LogTaskDeadLettered(_logger, _queue.FailedName, failure);
                Interlocked.Increment(ref _deadLettered);
            }
        }
        if (!moved)
        {
            LogLeaseLost(_logger);
            Interlocked.Increment(ref _leaseLost);
        }
        CountFailure(failure);
    }

    private void CountFailure(Exception failure)
    {
        _lastFailure = failure;
        if (Interlocked.Increment(ref _consecutiveFailures) >= _options.MaxConsecutiveFailures)
        {
            _tooManyFailures = true;
            _stopTaking.Cancel();
        }
    }

    private static string Describe(Exception failure) => failure is OperationCanceledException ? "cancelled" : $"{failure.GetType().Name}: {failure.Message}";

    private WorkerProgress Progress() => new(
        Interlocked.Read(ref _succeeded), Interlocked.Read(ref _retried), Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _leaseLost), Volatile.Read(ref _running), _options.TimeProvider.GetElapsedTime(_started));

    public void Dispose()
    {
        _stopTaking.Dispose();
        _timeLimit.Dispose();
    }
}
