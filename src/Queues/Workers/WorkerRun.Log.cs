using Microsoft.Extensions.Logging;

namespace JobRuntime.Queues.Workers;

internal sealed partial class WorkerRun
{
    [LoggerMessage(1, LogLevel.Information, "Task started")]
    private static partial void LogTaskStarted(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "Task succeeded")]
    private static partial void LogTaskSucceeded(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "Task failed; {RetriesLeft} retries left, put back")]
    private static partial void LogTaskRetried(ILogger logger, int retriesLeft, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Task failed with no retry left; moved to {FailedQueue}")]
    private static partial void LogTaskDeadLettered(ILogger logger, string failedQueue, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Lease lost; the task was cancelled and is left to whoever holds it now")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(6, LogLevel.Error, "Message is not in ai4s.jobq's format; moved to {FailedQueue}")]
    private static partial void LogInvalidMessage(ILogger logger, string failedQueue, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Worker stopped: {Reason}")]
    private static partial void LogWorkerStopped(ILogger logger, WorkerStopReason reason);

}

/// <summary>Log messages of the heartbeat.</summary>
internal static partial class WorkerRunLog
{
    [LoggerMessage(8, LogLevel.Warning, "Heartbeat failed; trying again at the next beat")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);
}
