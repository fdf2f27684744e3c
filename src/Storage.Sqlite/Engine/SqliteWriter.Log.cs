using Microsoft.Extensions.Logging;

namespace JobRuntime.Sqlite.Engine;

internal sealed partial class SqliteWriter
{
    [LoggerMessage(1, LogLevel.Information, "Opened SQLite file '{Path}' (schema version {FoundVersion}, now {Version}).")]
    private static partial void LogOpened(ILogger logger, string path, int foundVersion, int version);

    [LoggerMessage(2, LogLevel.Error, "Could not open SQLite file '{Path}': {Reason}. The next operation tries again.")]
    private static partial void LogOpenFailed(ILogger logger, string path, string reason);

    [LoggerMessage(3, LogLevel.Error, "A batch of {Count} writes to SQLite file '{Path}' failed and was rolled back: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, int count, string path, string reason);
}
