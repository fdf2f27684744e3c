using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.JavaScript;

internal sealed partial class NodeWorker
{
    [LoggerMessage(1, LogLevel.Debug, "Started node worker {ProcessId} (node {Version}, heap limit {MemoryLimitMb} MB).")]
    private static partial void LogStarted(ILogger logger, int processId, string version, int memoryLimitMb);

    [LoggerMessage(2, LogLevel.Warning, "Killed node worker {ProcessId}: {Reason}.")]
    private static partial void LogKilled(ILogger logger, int processId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Node worker {ProcessId} ran out of JavaScript heap (limit {MemoryLimitMb} MB).")]
    private static partial void LogOutOfMemory(ILogger logger, int processId, int memoryLimitMb);

    [LoggerMessage(4, LogLevel.Warning, "Node worker {ProcessId} exited unexpectedly with code {ExitCode}: {Detail}")]
    private static partial void LogCrashed(ILogger logger, int processId, int exitCode, string detail);

    [LoggerMessage(5, LogLevel.Debug, "Node worker {ProcessId} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, int processId, string line);
}
