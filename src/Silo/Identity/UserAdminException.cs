namespace JobRuntime.Silo.Identity;

/// <summary>A refused change to the users: an HTTP status (400, 404, 409) and a message naming the user and the cause.</summary>
internal sealed class UserAdminException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; } = status;
}
