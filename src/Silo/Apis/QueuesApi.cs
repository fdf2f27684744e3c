using System.Globalization;
using System.Text.Json;
using JobRuntime.Queues;
using JobRuntime.Queues.Drivers;
using JobRuntime.Sqlite.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// The work queues over HTTP (ai4s.jobq's operations on the silo's embedded queues), behind the
/// silo's users (<see cref="JobsApi.Policy"/>). With users configured each user has their own
/// queues (<see cref="QueuesApiNamespaces"/>; an administrator may add <c>?user=name</c> to any
/// route); queue names follow ai4s.jobq's rules; a bad name, line or parameter is 400 with <c>{"message"}</c>.
/// </summary>
public static class QueuesApi
{
    /// <summary>
    /// Maps the routes under <c>/queues</c> (needs <see cref="JobsApiHostingExtensions.AddJobsApi"/>
    /// and a silo with work queues):
    /// <list type="table">
    /// <item><term>GET /queues/</term><description>the silo's queues that hold messages: <c>[{"name", "size", "leased", "failedSize"}]</c></description></item>
    /// <item><term>POST /queues/{name}/failed/retry?n=32</term><description>retry dead letters: move up to n back into the queue, without their error: <c>{"retried"}</c></description></item>
    /// <item><term>GET /queues/{name}</term><description><c>{"name", "size", "failedSize"}</c></description></item>
    /// <item><term>POST /queues/{name}/messages</term><description>newline-delimited JSON tasks (objects are kwargs, strings commands), all or none, within the request body limit (<c>JobRuntime:Http:Limits:MaxRequestBodyBytes</c>, 4 MiB); <c>?num_retries=1&amp;random_id=false</c>: 201 <c>{"ids"}</c></description></item>
    /// <item><term>GET /queues/{name}/messages?n=1</term><description>peek: the next messages, in ai4s.jobq's format</description></item>
    /// <item><term>DELETE /queues/{name}/messages</term><description>clear: 204</description></item>
    /// <item><term>POST /queues/{name}/leases?n=1&amp;visibility=600</term><description>receive: <c>[{"receipt", "dequeueCount", "message"}]</c></description></item>
    /// <item><term>DELETE /queues/{name}/leases?receipt=...</term><description>delete a received message: 204, or 404 when the receipt is stale</description></item>
    /// </list>
    /// </summary>
    public static RouteGroupBuilder MapQueuesApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/queues")
            .RequireAuthorization(JobsApi.Policy)
            .AddEndpointFilter(JobsApiErrors.HandleAsync)
            .AddEndpointFilter(QueuesApiErrors.HandleAsync);
        api.MapGet("/", ListQueues);
        api.MapGet("/{name}", GetQueue);
        api.MapPost("/{name}/failed/retry", RetryFailed);
        api.MapPost("/{name}/messages", PushMessages);
        api.MapGet("/{name}/messages", PeekMessages);
        api.MapDelete("/{name}/messages", ClearMessages);
        api.MapPost("/{name}/leases", ReceiveMessages);
        api.MapDelete("/{name}/leases", DeleteLease);
        return api;
    }

    /// <summary>A queue's size and its dead-letter queue's.</summary>
    public static async Task<Ok<QueueInfo>> GetQueue(string name, HttpContext http, IGrainFactory grains, string? user)
    {
        var queue = Open(http, grains, name, user);
        return TypedResults.Ok(new QueueInfo(name, await queue.SizeAsync(), await queue.Failed.SizeAsync()));
    }

    /// <summary>The caller's queues that hold messages (a dead-letter queue is counted with its queue), by name.</summary>
    public static async Task<Ok<QueueSummary[]>> ListQueues(HttpContext http, SqliteQueueCatalog catalog, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return TypedResults.Ok(QueueSummary.From(await catalog.QueueListAsync(cancellationToken), QueuesApiNamespaces.Visible(http, user)));
    }

    /// <summary>Moves up to <c>n</c> dead letters (default 32) back into the queue, without their error.</summary>
    public static async Task<Results<Ok<QueueRetried>, BadRequest<ApiError>>> RetryFailed(string name, HttpContext http, IGrainFactory grains, int? n, string? user)
    {
        var max = n ?? WorkQueue.MaxBatch;
        if (max is < 1 or > 10_000)
        {
            return TypedResults.BadRequest(new ApiError($"n must be between 1 and 10000 (was {max})."));
        }
        return TypedResults.Ok(new QueueRetried(await Open(http, grains, name, user).RetryFailedAsync(max)));
    }

    /// <summary>Pushes the tasks of a newline-delimited JSON body; durable when answered.</summary>
    public static async Task<Results<Created<QueuePushed>, BadRequest<ApiError>>> PushMessages(string name, HttpRequest request, IGrainFactory grains, int? num_retries, bool? random_id, string? user)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = Open(request.HttpContext, grains, name, user);
        var retries = num_retries ?? 1;
        if (retries < 0)
        {
            return TypedResults.BadRequest(new ApiError($"num_retries must not be negative (was {retries})."));
        }
        var messages = new List<QueueMessage>();
        using var reader = new StreamReader(request.Body);
        var number = 0;
        while (await reader.ReadLineAsync(request.HttpContext.RequestAborted) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                messages.Add(QueueMessage.Create(document.RootElement.Clone(), retries, random_id ?? false));
            }
            catch (JsonException e)
            {
                return TypedResults.BadRequest(new ApiError(string.Create(CultureInfo.InvariantCulture, $"Line {number} is not JSON ({e.Message}); no task of this request was pushed.")));
            }
        }
        await queue.CreateAsync();
        await queue.PushManyAsync(messages);
        return TypedResults.Created($"/queues/{name}", new QueuePushed(messages.Select(m => m.Id).ToArray()));
    }

    /// <summary>The next visible messages, without taking them.</summary>
    public static async Task<Results<Ok<JsonElement[]>, BadRequest<ApiError>>> PeekMessages(string name, HttpContext http, IGrainFactory grains, int? n, string? user)
    {
        var count = n ?? 1;
        if (count is < 1 or > WorkQueue.MaxBatch)
        {
            return TypedResults.BadRequest(new ApiError($"n must be between 1 and {WorkQueue.MaxBatch} (was {count})."));
        }
        var messages = await Open(http, grains, name, user).PeekAsync(count);
        return TypedResults.Ok(messages.Select(m => JsonDocument.Parse(m.ToJson()).RootElement.Clone()).ToArray());
    }

    /// <summary>Deletes every message of the queue.</summary>
    public static async Task<NoContent> ClearMessages(string name, HttpContext http, IGrainFactory grains, string? user)
    {
        await Open(http, grains, name, user).ClearAsync();
        return TypedResults.NoContent();
    }

    /// <summary>Receives messages, hidden for <c>visibility</c> seconds (default 600).</summary>
    public static async Task<Results<Ok<QueueLeaseResponse[]>, BadRequest<ApiError>>> ReceiveMessages(string name, HttpContext http, IGrainFactory grains, int? n, double? visibility, string? user)
    {
        var count = n ?? 1;
        var seconds = visibility ?? 600;
        if (count is < 1 or > WorkQueue.MaxBatch || seconds is < 1 or > 7 * 24 * 3600)
        {
            return TypedResults.BadRequest(new ApiError($"n must be between 1 and {WorkQueue.MaxBatch} and visibility between 1 and 604800 seconds (were {count} and {seconds})."));
        }
        var received = await Open(http, grains, name, user).ReceiveAsync(count, TimeSpan.FromSeconds(seconds));
        return TypedResults.Ok(received.Select(r => new QueueLeaseResponse(r.Receipt, r.DequeueCount, JsonDocument.Parse(r.Body).RootElement.Clone())).ToArray());
    }

    /// <summary>Deletes a received message by its receipt.</summary>
    public static async Task<Results<NoContent, NotFound<ApiError>, BadRequest<ApiError>>> DeleteLease(string name, HttpContext http, IGrainFactory grains, string? receipt, string? user)
    {
        if (string.IsNullOrEmpty(receipt))
        {
            return TypedResults.BadRequest(new ApiError("The receipt is missing: DELETE /queues/{name}/leases?receipt=..."));
        }
        return await Open(http, grains, name, user).DeleteAsync(receipt)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ApiError($"Queue '{name}' holds no message under receipt '{receipt}' (deleted, or received again since)."));
    }

    // The caller's own queue (or, for an administrator, that of ?user=): see QueuesApiNamespaces.
    private static WorkQueue Open(HttpContext http, IGrainFactory grains, string name, string? user) =>
        new(new GrainQueueDriver(grains), QueuesApiNamespaces.Resolve(http, name, user));
}

/// <summary>A queue's counts.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Size">Messages in it.</param>
/// <param name="FailedSize">Messages in its dead-letter queue.</param>
public sealed record QueueInfo(string Name, long Size, long FailedSize);

/// <summary>How many dead letters were moved back into their queue.</summary>
/// <param name="Retried">The number moved.</param>
public sealed record QueueRetried(int Retried);

/// <summary>A queue in the list of the silo's queues.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Size">Messages in it, visible or not.</param>
/// <param name="Leased">Messages received by workers and not visible again yet (the work in progress).</param>
/// <param name="FailedSize">Messages in its dead-letter queue.</param>
public sealed record QueueSummary(string Name, long Size, long Leased, long FailedSize)
{
    /// <summary>Folds each dead-letter queue (<c>&lt;name&gt;-failed</c>) into its queue.</summary>
    public static QueueSummary[] From(IReadOnlyList<QueueDepth> depths) => From(depths, name => name);

    /// <summary>Folds each dead-letter queue into its queue, keeping the queues <paramref name="visible"/> names (as it names them).</summary>
    public static QueueSummary[] From(IReadOnlyList<QueueDepth> depths, Func<string, string?> visible)
    {
        ArgumentNullException.ThrowIfNull(depths);
        ArgumentNullException.ThrowIfNull(visible);
        depths = [.. depths.Select(d => visible(d.Queue) is { } shown ? d with { Queue = shown } : null).OfType<QueueDepth>()];
        var byName = depths.ToDictionary(d => d.Queue, StringComparer.Ordinal);
        var names = depths
            .Select(d => d.Queue.EndsWith(QueueName.FailedSuffix, StringComparison.Ordinal) ? d.Queue[..^QueueName.FailedSuffix.Length] : d.Queue)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return [.. names.Select(n => new QueueSummary(
            n, byName.GetValueOrDefault(n)?.Messages ?? 0, byName.GetValueOrDefault(n)?.Leased ?? 0, byName.GetValueOrDefault(QueueName.Failed(n))?.Messages ?? 0))];
    }
}

/// <summary>The ids of pushed tasks, in order.</summary>
/// <param name="Ids">The task ids.</param>
public sealed record QueuePushed(string[] Ids);

/// <summary>A received message.</summary>
/// <param name="Receipt">Deletes it while the lease holds.</param>
/// <param name="DequeueCount">How many times it was received.</param>
/// <param name="Message">The message (ai4s.jobq's format).</param>
public sealed record QueueLeaseResponse(string Receipt, int DequeueCount, JsonElement Message);
