namespace JobRuntime.PostgreSql;

/// <summary>
/// The PostgreSQL schema could not be brought up to date: the server cannot be reached (the
/// message names its address, never the password), a script failed, or the database was
/// migrated by a newer JobRuntime.
/// </summary>
public sealed class PostgreSqlSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgreSqlSchemaException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The server's address as <c>host:port</c>.</summary>
    public string? Address { get; init; }

    /// <summary>True when the server could not be reached at all (nothing was changed).</summary>
    public bool Unreachable { get; init; }
}
