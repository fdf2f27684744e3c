using JobRuntime.GrainInterfaces;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Sqlite;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>What every platform route shares: the caller, the error answers, key parsing.</summary>
internal static partial class PlatformEndpoints
{
    private const string CallerKey = "JobRuntime.Platform.Caller";

    /// <summary>Endpoint metadata of the routes a job's token may use without naming its job: what its project's jobs share (collections, frontiers, settings, updating its own state).</summary>
    public static readonly object SharedWithJobs = new SharedWithJobsMetadata();

    /// <summary>The authenticated caller of the request.</summary>
    public static PlatformCaller Caller(this HttpContext http) => (PlatformCaller)http.Items[CallerKey]!;

    /// <summary>
    /// The platform's answer to missing or wrong credentials: 401 with <c>WWW-Authenticate: Basic realm="apikey"</c>;
    /// the dash's legacy <c>*.json</c> methods say so in their body's <c>"status"</c>, as the client expects.
    /// </summary>
    public static async Task ChallengeAsync(HttpContext http, string reason)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"apikey\"";
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && http.Request.Path.Value?.EndsWith(".json", StringComparison.Ordinal) == true)
        {
            await http.Response.WriteAsJsonAsync(new { status = "error", message = "Authentication failed" }, http.RequestAborted);
            return;
        }
        await http.Response.WriteAsJsonAsync(new { error = "Unauthorized", message = $"Unauthorized: {reason} Send the API key as the Basic user name, or the job key and its token." }, http.RequestAborted);
    }

    /// <summary>Takes the caller from the silo's authentication, keeps a job's token to its job, and turns failures into JSON <c>{"message"}</c>.</summary>
    public static async ValueTask<object?> StorageFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var caller = PlatformCaller.From(http.User);
            http.Items[CallerKey] = caller;
            if (caller.Job is { } own && !OwnJob(http, own))
            {
                return Results.Json(new ApiError($"The token of job {own} reaches only that job's data and its project's collections, frontiers and settings."), statusCode: 403);
            }
            return await next(context);
        }
        catch (PlatformHttpException e)
        {
            return Results.Json(new ApiError(e.Message), statusCode: e.Status);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Json(new ApiError(e.Message), statusCode: e.StatusCode); // a body over its limit, a malformed form
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (JobDataLimitException e)
        {
            return Results.Json(new ApiError(e.Message), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is InvalidJobException or ArgumentException)
        {
            return Results.Json(new ApiError(e.Message), statusCode: 400);
        }
        catch (Exception e) when (e is SqliteStorageException or TimeoutException or Orleans.Runtime.SiloUnavailableException)
        {
            return Results.Json(new ApiError($"The silo cannot serve the request now: {e.Message}"), statusCode: 503);
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("JobRuntime.Platform").LogFailed(http.Request.Method, http.Request.Path, e);
            return Results.Json(new ApiError("The silo failed to handle the request; its log has the details."), statusCode: 500);
        }
    }

    // A job's token reaches only its own job among the routes that name one (p/s/j), and of the
    // routes that name no job only those its project's jobs share.
    private static bool OwnJob(HttpContext http, PlatformJobKey own)
    {
        var values = http.Request.RouteValues;
        if (values["s"] is null || values["j"] is null)
        {
            return http.GetEndpoint()?.Metadata.GetMetadata<SharedWithJobsMetadata>() is not null;
        }
        return string.Equals(Convert.ToString(values["p"], System.Globalization.CultureInfo.InvariantCulture), own.Project.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            && string.Equals(Convert.ToString(values["s"], System.Globalization.CultureInfo.InvariantCulture), own.Spider.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            && string.Equals(Convert.ToString(values["j"], System.Globalization.CultureInfo.InvariantCulture), own.Job.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static long ProjectId(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new PlatformHttpException(400, $"'{text}' is not a project id: it must be a positive number.");

    public static PlatformJobKey JobKey(string p, string s, string j) =>
        PlatformJobKey.TryParse($"{p}/{s}/{j}", out var key)
            ? key
            : throw new PlatformHttpException(400, $"'{p}/{s}/{j}' is not a job key: it must be project/spider/job, three numbers.");

    public static PlatformJobKey JobKey(string text) =>
        PlatformJobKey.TryParse(text, out var key)
            ? key
            : throw new PlatformHttpException(400, $"'{text}' is not a job key: it must be project/spider/job, three numbers.");

    /// <summary>The project of the route, after checking the caller may use it.</summary>
    public static long Project(this HttpContext http, string p)
    {
        var project = ProjectId(p);
        http.Caller().Demand(project);
        return project;
    }

    /// <summary>The project of the route, after checking the caller may use what its jobs share (a job token of the project may).</summary>
    public static long SharedProject(this HttpContext http, string p)
    {
        var project = ProjectId(p);
        http.Caller().DemandShared(project);
        return project;
    }

    public static long Now(this HttpContext http) =>
        http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();

    public static IGrainFactory Grains(this HttpContext http) => http.RequestServices.GetRequiredService<IGrainFactory>();

    public static T Store<T>(this HttpContext http) where T : notnull => http.RequestServices.GetRequiredService<T>();

    private sealed class SharedWithJobsMetadata;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(this ILogger logger, string method, PathString path, Exception error);
}
