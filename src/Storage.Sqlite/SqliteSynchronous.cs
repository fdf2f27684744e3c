namespace JobRuntime.Sqlite;

/// <summary>
/// How hard SQLite pushes a commit to the disk (<c>PRAGMA synchronous</c>). The database always
/// runs in WAL mode, where the two levels differ only in what a commit survives.
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit is written to the WAL file but not synced; the WAL is synced at checkpoints. A
    /// write that returned survives the process being killed (even <c>kill -9</c>), because the
    /// operating system still holds the data; it may be lost if the machine loses power or the
    /// kernel crashes. Several times faster than <see cref="Full"/>.
    /// </summary>
    Normal,

    /// <summary>
    /// Every commit syncs the WAL file before it returns: a write that returned also survives a
    /// power loss or an operating system crash. Each commit then costs a disk flush; group commit
    /// shares that flush among all writes queued at the time.
    /// </summary>
    Full,
}
