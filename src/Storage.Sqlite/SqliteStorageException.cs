namespace JobRuntime.Sqlite;

/// <summary>The SQLite file failed: it is missing, locked, corrupt, read-only or full. The message names the file and the cause.</summary>
[GenerateSerializer, Alias("JobRuntime.SqliteStorageException")]
public sealed class SqliteStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqliteStorageException(string message, Exception? innerException = null) : base(message, innerException) { }
}
