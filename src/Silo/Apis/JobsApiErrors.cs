using JobRuntime.Sqlite;
using Orleans.Runtime;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// Turns the exceptions of the jobs API's handlers into JSON <c>{"message"}</c> answers: an unknown
/// job is 404, a refused job 400, tasks for a cancelled job 409, a job past its limits 413, a silo that is stopping or whose storage fails 503, anything
/// else 500. Never an HTML page or a stack trace.
/// </summary>
internal static partial class JobsApiErrors
{
    public static async ValueTask<object?> HandleAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Empty; // the client is gone
        }
        catch (JobNotFoundException e)
        {
            return TypedResults.NotFound(new ApiError(e.Message));
        }
        catch (InvalidJobException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
        catch (JobCancelledException e)
        {
            return TypedResults.Conflict(new ApiError(e.Message));
        }
        catch (JobLimitException e)
        {
            return TypedResults.Json(new ApiError(e.Message), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (BadHttpRequestException e)
        {
            return TypedResults.Json(new ApiError(e.Message), statusCode: e.StatusCode);
        }
        catch (Exception e) when (e is SiloUnavailableException or SqliteStorageException or TimeoutException)
        {
            Log(http).LogServiceUnavailable(http.Request.Method, http.Request.Path, e);
            return TypedResults.Json(new ApiError($"The silo cannot serve the request now: {e.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (JobRuntimeException e)
        {
            Log(http).LogFailed(http.Request.Method, http.Request.Path, e);
            return TypedResults.Json(new ApiError(e.Message), statusCode: StatusCodes.Status500InternalServerError);
        }
        catch (Exception e)
        {
            Log(http).LogFailed(http.Request.Method, http.Request.Path, e);
            return TypedResults.Json(new ApiError("The silo failed to handle the request; its log has the details."), statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static ILogger Log(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JobsApi));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} could not be served now")]
    private static partial void LogServiceUnavailable(this ILogger logger, string method, PathString path, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void LogFailed(this ILogger logger, string method, PathString path, Exception error);
}
