using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Client.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JobRuntime.Silo.Identity;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// The jobs HTTP API, compatible with CrowdProcess's (its Python client works against it but for
/// the base URL). Every route needs a user (<see cref="SiloPolicies.User"/>) and sees only
/// that user's jobs: another user's job is "not found". Errors are JSON <c>{"message"}</c>.
/// </summary>
public static class JobsApi
{
    /// <summary>The authorization policy of the jobs API.</summary>
    public const string Policy = SiloPolicies.User;

    /// <summary>The authorization policy of what only administrators may see (the Orleans Dashboard).</summary>
    public const string AdminPolicy = SiloPolicies.Admin;

    /// <summary>The role claim of an administrator (<see cref="JobsApiUser.Admin"/>, or everyone while no users are configured).</summary>
    public const string AdminRole = SiloClaims.AdminRole;

    /// <summary>
    /// Maps the routes under <c>/jobs</c> (needs <see cref="JobsApiHostingExtensions.AddJobsApi"/>
    /// and a silo with <c>AddJobs</c>):
    /// <list type="table">
    /// <item><term>POST /jobs/</term><description>create a job from <c>{"program", "bid", "group", "kind"?, ...}</c>, with or without Content-Type: 201 <c>{"id"}</c></description></item>
    /// <item><term>GET /jobs/</term><description>the caller's jobs</description></item>
    /// <item><term>DELETE /jobs/</term><description>delete all the caller's jobs: 204</description></item>
    /// <item><term>GET /jobs/{id}</term><description>one job</description></item>
    /// <item><term>DELETE /jobs/{id}</term><description>delete it: 204</description></item>
    /// <item><term>POST /jobs/{id}/cancel</term><description>cancel it (idempotent): 200 with the job, status "cancelled"; its unstarted tasks end with errors of type "cancelled"</description></item>
    /// <item><term>POST /jobs/{id}/tasks</term><description>newline-delimited JSON tasks, any length: 201 once all are durable</description></item>
    /// <item><term>GET /jobs/{id}/tasks/{index}</term><description>one task's state, result or error and console output</description></item>
    /// <item><term>GET /jobs/{id}/results, /errors</term><description>newline-delimited JSON so far, then the end; <c>?stream</c> stays open; <c>?positions</c>, <c>?from=n</c> to resume</description></item>
    /// </list>
    /// </summary>
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(UserDirectory)) != true)
        {
            throw new InvalidOperationException("The jobs API's services are missing: call builder.AddJobsApi() before building the app.");
        }
        var api = endpoints.MapGroup("/jobs")
            .RequireAuthorization(Policy)
            .AddEndpointFilter(JobsApiErrors.HandleAsync);

        api.MapPost("/", CreateJob);
        api.MapGet("/", ListJobs);
        api.MapDelete("/", DeleteJobs);
        api.MapGet("/{id}", GetJob);
        api.MapDelete("/{id}", DeleteJob);
        api.MapPost("/{id}/cancel", CancelJob);
        api.MapPost("/{id}/tasks", SubmitTasks).WithUploadBody();
        api.MapGet("/{id}/tasks/{index:long}", GetTask);
        api.MapGet("/{id}/results", GetResults).WithStreamingResponse("stream");
        api.MapGet("/{id}/errors", GetErrors).WithStreamingResponse("stream");
        return api;
    }

    /// <summary>Creates a job. The body is JSON whatever the Content-Type (CrowdProcess's client sends none).</summary>
    public static async Task<Results<Created<JobCreated>, BadRequest<ApiError>>> CreateJob(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(grains);
        CreateJobRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CreateJobRequest>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return BadRequest($"The body is not a JSON job ({e.Message}); send {{\"program\": \"function Run(d) {{ return d; }}\"}}.");
        }
        if (string.IsNullOrWhiteSpace(body?.Program))
        {
            return BadRequest("The job has no program; send {\"program\": \"function Run(d) { return d; }\"}.");
        }
        ProgramKind kind;
        switch (body.Kind?.ToLowerInvariant())
        {
            case null or "javascript":
                kind = ProgramKind.JavaScript;
                break;
            case "dotnet":
                kind = ProgramKind.DotNet;
                break;
            default:
                return BadRequest($"The kind '{body.Kind}' is unknown; it is \"javascript\" (the default) or \"dotnet\".");
        }
        var defaults = new JobOptions();
        var options = new JobOptions(
            body.Bid ?? defaults.Bid,
            body.TaskTimeout ?? defaults.TaskTimeoutSeconds,
            body.MemoryLimitMb ?? defaults.MemoryLimitMb,
            body.OutputLimitBytes ?? defaults.OutputLimitBytes,
            body.Group);
        var id = Guid.NewGuid().ToString();
        await grains.GetGrain<IJobGrain>(id).Create(new JobSpec(body.Program, kind, Caller(user), options));
        return TypedResults.Created($"/jobs/{id}", new JobCreated(id));
    }

    /// <summary>The caller's jobs, newest first.</summary>
    public static async Task<Ok<JobResponse[]>> ListJobs(ClaimsPrincipal user, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var jobs = await grains.GetGrain<IJobDirectoryGrain>(Caller(user)).List();
        return TypedResults.Ok(jobs.Select(JobResponse.From).ToArray());
    }

    /// <summary>Deletes every job of the caller.</summary>
    public static async Task<NoContent> DeleteJobs(ClaimsPrincipal user, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        await grains.GetGrain<IJobDirectoryGrain>(Caller(user)).DeleteAll();
        return TypedResults.NoContent();
    }

    /// <summary>One job of the caller.</summary>
    public static async Task<Results<Ok<JobResponse>, NotFound<ApiError>>> GetJob(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindAsync(grains, id, user) is { } info ? TypedResults.Ok(JobResponse.From(info)) : NotFound(id);

    /// <summary>Deletes a job of the caller, its tasks and its results.</summary>
    public static async Task<Results<NoContent, NotFound<ApiError>>> DeleteJob(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await FindAsync(grains, id, user) is null)
        {
            return NotFound(id);
        }
        await grains.GetGrain<IJobGrain>(id).Delete();
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Cancels a job of the caller (idempotent): it takes no more tasks (a submission is then 409),
    /// and its tasks that have not started end with errors of type "cancelled".
    /// </summary>
    public static async Task<Results<Ok<JobResponse>, NotFound<ApiError>>> CancelJob(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await FindAsync(grains, id, user) is null)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(JobResponse.From(await grains.GetGrain<IJobGrain>(id).Cancel()));
    }

    /// <summary>
    /// Submits the tasks of a newline-delimited JSON body of any length (chunked or not), read as
    /// it arrives. 201 once every task is durable; a line that is not JSON is 400 and a line over
    /// the size limit 413, the tasks before it being submitted (the message says how many).
    /// </summary>
    public static async Task<Results<Created<TasksSubmitted>, NotFound<ApiError>, BadRequest<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> SubmitTasks(
        string id, HttpContext context, ClaimsPrincipal user, IGrainFactory grains, IOptions<JobsApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (await FindAsync(grains, id, user) is null)
        {
            return NotFound(id);
        }
        // A task body has no length limit; each line has one.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        var settings = options.Value;
        var reader = new TaskBodyReader(context.Request.BodyReader, grains.GetGrain<IJobGrain>(id), settings.MaxTaskBytes, settings.SubmitBatchSize);
        TaskBodyError? error;
        try
        {
            error = await reader.ReadAsync(context.RequestAborted);
        }
        catch (JobCancelledException e)
        {
            context.Response.Headers.Connection = "close"; // the rest of the body is not read
            return TypedResults.Conflict(new ApiError(reader.Submitted == 0 ? e.Message : string.Create(CultureInfo.InvariantCulture, $"{e.Message} {reader.Submitted} tasks of this request were submitted before.")));
        }
        catch (JobLimitException e)
        {
            context.Response.Headers.Connection = "close"; // the rest of the body is not read
            return TypedResults.Json(new ApiError(reader.Submitted == 0 ? e.Message : string.Create(CultureInfo.InvariantCulture, $"{e.Message} {reader.Submitted} tasks of this request were submitted before.")), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        if (error is null)
        {
            return TypedResults.Created($"/jobs/{id}", new TasksSubmitted(reader.Submitted));
        }
        // The rest of the body is not read: close the connection rather than drain it.
        context.Response.Headers.Connection = "close";
        var message = error.Line == 0
            ? error.Message
            : reader.Submitted == 0
                ? $"{error.Message} No task of this request was submitted."
                : string.Create(CultureInfo.InvariantCulture, $"{error.Message} The {reader.Submitted} tasks before it were submitted and are durable; send the rest from line {error.Line}.");
        return error.StatusCode == StatusCodes.Status400BadRequest
            ? TypedResults.BadRequest(new ApiError(message))
            : TypedResults.Json(new ApiError(message), statusCode: error.StatusCode);
    }

    /// <summary>One task of a caller's job: its state, attempts, result or error and console output.</summary>
    public static async Task<Results<Ok<TaskView>, NotFound<ApiError>>> GetTask(string id, long index, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await FindAsync(grains, id, user) is null)
        {
            return NotFound(id);
        }
        try
        {
            return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).GetTask(index));
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.NotFound(new ApiError(string.Create(CultureInfo.InvariantCulture, $"Job '{id}' has no task {index}.")));
        }
    }

    /// <summary>The job's results as newline-delimited JSON, one result value per line (see <see cref="NdjsonStreamResult{T}"/>).</summary>
    public static async Task<Results<NdjsonStreamResult<TaskResult>, NotFound<ApiError>, BadRequest<ApiError>>> GetResults(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IClusterClient clients)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await FindAsync(grains, id, user) is not { } info)
        {
            return NotFound(id);
        }
        if (!TryReadStreamQuery(request.Query, out var live, out var from, out var positions, out var problem))
        {
            return BadRequest(problem);
        }
        var job = new JobClient(clients, info.Owner).OpenJob(id);
        return new NdjsonStreamResult<TaskResult>(
            live
                ? async () => { var s = await job.SubscribeResultsAsync(from); return (s, s); }
                : () => Task.FromResult<(IAsyncEnumerable<Positioned<TaskResult>>, IAsyncDisposable?)>((job.ReadResultsAsync(), null)),
            positions, r => r.Index, WriteResult);
    }

    /// <summary>The job's errors as newline-delimited JSON, one <c>{"message", "name", "stack", "type"}</c> per line (see <see cref="NdjsonStreamResult{T}"/>).</summary>
    public static async Task<Results<NdjsonStreamResult<TaskFailure>, NotFound<ApiError>, BadRequest<ApiError>>> GetErrors(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IClusterClient clients)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await FindAsync(grains, id, user) is not { } info)
        {
            return NotFound(id);
        }
        if (!TryReadStreamQuery(request.Query, out var live, out var from, out var positions, out var problem))
        {
            return BadRequest(problem);
        }
        var job = new JobClient(clients, info.Owner).OpenJob(id);
        return new NdjsonStreamResult<TaskFailure>(
            live
                ? async () => { var s = await job.SubscribeErrorsAsync(from); return (s, s); }
                : () => Task.FromResult<(IAsyncEnumerable<Positioned<TaskFailure>>, IAsyncDisposable?)>((job.ReadErrorsAsync(), null)),
            positions, f => f.Index, WriteError);
    }

    // ?stream (a bare key, as CrowdProcess's client sends it), ?positions and ?from=n (live only).
    private static bool TryReadStreamQuery(IQueryCollection query, out bool live, out long? from, out bool positions, out string problem)
    {
        live = Flag(query, "stream");
        positions = Flag(query, "positions");
        from = null;
        problem = "";
        if (query.TryGetValue("from", out var text))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                problem = $"from must be a position (a whole number >= 0) from a line of ?positions; it is '{text}'.";
                return false;
            }
            if (!live)
            {
                problem = "from resumes a live stream: use it with ?stream.";
                return false;
            }
            from = position;
        }
        return true;
    }

    private static bool Flag(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var value) && !(value == "false" || value == "0");

    private static void WriteResult(Utf8JsonWriter json, TaskResult result)
    {
        if (result.Value.ValueKind == JsonValueKind.Undefined)
        {
            json.WriteNullValue();
        }
        else
        {
            result.Value.WriteTo(json);
        }
    }

    private static void WriteError(Utf8JsonWriter json, TaskFailure failure) =>
        JsonSerializer.Serialize(json, failure.Error);

    // The job, when it exists and is the caller's; another user's job is reported like a missing one.
    private static async Task<JobInfo?> FindAsync(IGrainFactory grains, string id, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            var info = await grains.GetGrain<IJobGrain>(id).GetInfo();
            return info.Owner == Caller(user) ? info : null;
        }
        catch (JobNotFoundException)
        {
            return null;
        }
    }

    private static string Caller(ClaimsPrincipal user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : throw new InvalidOperationException("The jobs API ran without an authenticated user.");

    private static NotFound<ApiError> NotFound(string id) => TypedResults.NotFound(new ApiError($"Job '{id}' does not exist or was deleted."));

    private static BadRequest<ApiError> BadRequest(string message) => TypedResults.BadRequest(new ApiError(message));
}
