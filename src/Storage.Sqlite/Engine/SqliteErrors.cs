using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// Turns SQLite failures into <see cref="SqliteStorageException"/>s whose message names the file and
/// the cause in words, and tells which failures concern the whole file rather than one operation.
/// </summary>
internal static class SqliteErrors
{
    // Primary result codes, https://www.sqlite.org/rescode.html
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMem = 7;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int Auth = 23;
    private const int NotADb = 26;

    /// <summary>
    /// True when the failure is the file's, not the operation's: every operation of the batch
    /// fails with it (a locked, corrupt, full or unreadable file).
    /// </summary>
    public static bool IsFileFailure(Exception exception) => exception switch
    {
        SqliteException e => e.SqliteErrorCode is Perm or Busy or Locked or NoMem or ReadOnly or IoErr or Corrupt or Full or CantOpen or Protocol or Auth or NotADb,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    /// <summary>True when the connections must be reopened before the next operation (the file may have been replaced or repaired).</summary>
    public static bool NeedsReopen(Exception exception) => exception switch
    {
        SqliteException e => e.SqliteErrorCode is Perm or ReadOnly or IoErr or Corrupt or CantOpen or Protocol or Auth or NotADb,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    /// <summary>
    /// The exception an operation fails with: our own exceptions and ETag conflicts pass through, SQLite and file
    /// system failures become a <see cref="SqliteStorageException"/> naming <paramref name="path"/>.
    /// </summary>
    public static Exception ToStorageException(Exception exception, string path, TimeSpan busyTimeout) => exception switch
    {
        SqliteStorageException or InconsistentStateException or OperationCanceledException or ObjectDisposedException => exception,
        SqliteException e => new SqliteStorageException(Describe(e, path, busyTimeout), e),
        IOException or UnauthorizedAccessException => new SqliteStorageException(
            $"SQLite file '{path}' cannot be opened: {exception.Message}", exception),
        _ => new SqliteStorageException($"SQLite file '{path}' failed: {exception.Message}", exception),
    };

    private static string Describe(SqliteException e, string path, TimeSpan busyTimeout)
    {
        var cause = e.SqliteErrorCode switch
        {
            NotADb or Corrupt => "is not a database or is corrupt",
            Busy or Locked => $"is locked by another connection or process (still locked after the busy timeout of {busyTimeout.TotalSeconds:0.###} s)",
            CantOpen => "cannot be opened (the path is a directory, its folder cannot be created, or the process may not open it)",
            ReadOnly => "is read-only (check the file's and its folder's permissions)",
            Perm or Auth => "may not be accessed (permission denied)",
            Full => "cannot grow: the disk is full",
            IoErr => "could not be read or written (disk I/O error)",
            NoMem => "could not be used: SQLite ran out of memory",
            _ => "rejected the operation",
        };
        return $"SQLite file '{path}' {cause}: {e.Message}";
    }
}
