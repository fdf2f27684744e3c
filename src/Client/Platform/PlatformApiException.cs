namespace JobRuntime.Client.Platform;

/// <summary>The platform API refused a request; <see cref="StatusCode"/> is the HTTP status and the message the server's.</summary>
public class PlatformApiException(string message, int statusCode) : Exception(message)
{
    /// <summary>The HTTP status of the answer (0 when the refusal was in the body of a 200).</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>400: the request was malformed or refused (a bad name, a bad record, an unknown spider).</summary>
public sealed class PlatformBadRequestException(string message) : PlatformApiException(message, 400);

/// <summary>401: no credentials, or wrong ones.</summary>
public sealed class PlatformUnauthorizedException(string message) : PlatformApiException(message, 401);

/// <summary>403: the key does not see that project.</summary>
public sealed class PlatformForbiddenException(string message) : PlatformApiException(message, 403);

/// <summary>404: no such job, record, key or spider.</summary>
public sealed class PlatformNotFoundException(string message) : PlatformApiException(message, 404);

/// <summary>413: a value larger than 1 MiB, or an upload past the job's data limit.</summary>
public sealed class PlatformValueTooLargeException(string message) : PlatformApiException(message, 413);

/// <summary>409: the thing cannot be deleted now (a spider or project with pending or running jobs: cancel those first).</summary>
public sealed class PlatformConflictException(string message) : PlatformApiException(message, 409);

/// <summary>The spider already has a pending or running job with the same arguments (or unique key).</summary>
public sealed class PlatformDuplicateJobException(string message) : PlatformApiException(message, 400);

/// <summary>5xx: the silo failed or cannot serve now.</summary>
public sealed class PlatformServerException(string message, int statusCode) : PlatformApiException(message, statusCode);
