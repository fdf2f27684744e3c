using Microsoft.AspNetCore.Http.Features;
using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;
using Microsoft.AspNetCore.Http.HttpResults;
using JobRuntime.Silo.Security;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// Reactive shared states over HTTP, for the jobs API's users (same authentication), each user
/// with namespaces of their own when users are configured (an administrator adds <c>?user=name</c>
/// to reach another's; see <see cref="StateNamespaces"/>). Values are JSON; errors are JSON
/// <c>{"message"}</c>: a refused key or body 400, an absent key or another user's state 404, a stale
/// compare-and-set 409, a long poll past its timeout 408.
/// </summary>
public static class StateApi
{
    private const int MaxWaitSeconds = 3_600;

    /// <summary>
    /// Maps the routes under <c>/state/{namespace}</c>:
    /// <list type="table">
    /// <item><term>GET /state/{ns}</term><description>every key and value with the version</description></item>
    /// <item><term>PATCH /state/{ns}</term><description>set the keys of a JSON object (null values remove; <c>?version=n</c> compare-and-set)</description></item>
    /// <item><term>DELETE /state/{ns}</term><description>remove every key: 204</description></item>
    /// <item><term>GET /state/{ns}/wait</term><description>long poll: <c>?condition=change|equal|notequal|none|notnone|available|raw&amp;key=k&amp;value=json&amp;after=n&amp;timeout=s&amp;duplicateOkay=true&amp;exclude=true</c></description></item>
    /// <item><term>GET /state/{ns}/updates</term><description>server-sent events, one per update (<c>?after=n</c> or Last-Event-ID replays kept ones)</description></item>
    /// <item><term>GET, PUT, DELETE /state/{ns}/keys/{key}</term><description>one key's value; put a JSON body; delete: 204</description></item>
    /// </list>
    /// </summary>
    public static RouteGroupBuilder MapStateApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/state/{namespace}")
            .RequireAuthorization(JobsApi.Policy)
            .AddEndpointFilter(StateApiErrors.HandleAllAsync);
        api.MapGet("/", GetState);
        api.MapPatch("/", PatchState);
        api.MapDelete("/", ClearState);
        api.MapGet("/wait", Wait).WithStreamingResponse();
        api.MapGet("/updates", Updates).Produces<StateUpdateView>(StatusCodes.Status200OK, "text/event-stream").WithStreamingResponse();
        api.MapGet("/keys/{key}", GetKey);
        api.MapPut("/keys/{key}", PutKey);
        api.MapDelete("/keys/{key}", DeleteKey);
        return api;
    }

    /// <summary>The whole state.</summary>
    public static async Task<Ok<StateView>> GetState(string @namespace, string? user, HttpContext http, IGrainFactory grains)
    {
        var snapshot = await Grain(grains, StateApiNamespaces.Resolve(http, @namespace, user)).GetSnapshot();
        return TypedResults.Ok(new StateView(snapshot.Version, snapshot.Values));
    }

    /// <summary>Sets (or, with null, removes) the keys of a JSON object in one write.</summary>
    public static async Task<Results<Ok<StateVersionView>, BadRequest<ApiError>>> PatchState(string @namespace, string? user, long? version, HttpRequest request, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = StateApiNamespaces.Resolve(request.HttpContext, @namespace, user);
        var body = await ReadJsonAsync(request);
        if (body.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.BadRequest(new ApiError($"PATCH /state/{@namespace} takes a JSON object of keys and values; the body is a {body.ValueKind}."));
        }
        StateChange[] changes = [.. body.EnumerateObject().Select(p => new StateChange(p.Name, p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.Clone()))];
        var grain = Grain(grains, key);
        var after = version is { } expected ? await grain.CompareAndSet(expected, changes) : await grain.Apply(changes);
        return TypedResults.Ok(new StateVersionView(after));
    }

    /// <summary>Removes every key.</summary>
    public static async Task<NoContent> ClearState(string @namespace, string? user, HttpContext http, IGrainFactory grains)
    {
        await Grain(grains, StateApiNamespaces.Resolve(http, @namespace, user)).Clear();
        return TypedResults.NoContent();
    }

    /// <summary>One key's value.</summary>
    public static async Task<Results<Ok<JsonElement>, NotFound<ApiError>>> GetKey(string @namespace, string key, string? user, HttpContext http, IGrainFactory grains) =>
        await Grain(grains, StateApiNamespaces.Resolve(http, @namespace, user)).Get(key) is { } value
            ? TypedResults.Ok(value)
            : TypedResults.NotFound(new ApiError($"State '{@namespace}' has no key '{key}'."));

    /// <summary>Sets one key to the JSON body.</summary>
    public static async Task<Ok<StateVersionView>> PutKey(string @namespace, string key, string? user, HttpRequest request, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(request);
        var grain = Grain(grains, StateApiNamespaces.Resolve(request.HttpContext, @namespace, user));
        var value = await ReadJsonAsync(request);
        return TypedResults.Ok(new StateVersionView(await grain.Apply([StateChange.Set(key, value)])));
    }

    /// <summary>Removes one key.</summary>
    public static async Task<Results<NoContent, NotFound<ApiError>>> DeleteKey(string @namespace, string key, string? user, HttpContext http, IGrainFactory grains) =>
        await Grain(grains, StateApiNamespaces.Resolve(http, @namespace, user)).Remove(key) is not null
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ApiError($"State '{@namespace}' has no key '{key}'."));

    /// <summary>Waits for a built-in condition (long poll), held by the state's grain.</summary>
    public static async Task<Results<Ok<StateWaitView>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> Wait(
        string @namespace, string? condition, string? key, string? value, long? after, double? timeout, bool? duplicateOkay, bool? exclude,
        string? user, IClusterClient client, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var grainKey = StateApiNamespaces.Resolve(http, @namespace, user);
        if (!Enum.TryParse<StateConditionKind>(condition ?? "change", ignoreCase: true, out var kind) || int.TryParse(condition, out _))
        {
            return TypedResults.BadRequest(new ApiError($"condition must be one of change, equal, notequal, none, notnone, available, raw; it is '{condition}'."));
        }
        if (timeout is { } seconds && (seconds <= 0 || seconds > MaxWaitSeconds))
        {
            return TypedResults.BadRequest(new ApiError($"timeout is 0 to {MaxWaitSeconds} seconds; it is {seconds}."));
        }
        JsonElement? expected = null;
        if (value is not null)
        {
            try
            {
                expected = JsonDocument.Parse(value).RootElement.Clone();
            }
            catch (JsonException e)
            {
                return TypedResults.BadRequest(new ApiError($"value must be JSON (a string in quotes): {e.Message}"));
            }
        }
        var keys = key is null ? Array.Empty<string>() : key.Split(',');
        await using var state = new State(client, grainKey);
        var wait = new StateCondition(kind, keys, exclude ?? false, expected, duplicateOkay ?? false);
        var limit = TimeSpan.FromSeconds(timeout ?? 30);
        try
        {
            var match = await StartAt(state, wait, after, limit, http.RequestAborted);
            return TypedResults.Ok(new StateWaitView(
                new StateView(match.Snapshot.Version, match.Snapshot.Values),
                match.Update is { } update ? StateUpdateView.From(update) : null));
        }
        catch (TimeoutException e)
        {
            return TypedResults.Json(new ApiError(e.Message), statusCode: StatusCodes.Status408RequestTimeout);
        }
    }

    // A long poll has no handle: "after" says which updates count (none given: from now on).
    private static Task<StateMatch> StartAt(State state, StateCondition condition, long? after, TimeSpan timeout, CancellationToken cancellationToken) =>
        after is { } version
            ? state.WaitFromAsync(condition, version, timeout, cancellationToken)
            : state.WaitAsync(condition, new StateWaitOptions(Live: true, Timeout: timeout), cancellationToken);

    /// <summary>
    /// Server-sent events of the state's updates, until the client goes away. The headers go out at
    /// once, not with the first update, which may be far off.
    /// </summary>
    public static async Task Updates(string @namespace, string? user, long? after, HttpContext http, IClusterClient client)
    {
        ArgumentNullException.ThrowIfNull(http);
        var grainKey = StateApiNamespaces.Resolve(http, @namespace, user);
        if (after is null && long.TryParse(http.Request.Headers["Last-Event-ID"], out var last))
        {
            after = last;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache,no-store";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
        await using var state = new State(client, grainKey);
        try
        {
            await SseFormatter.WriteAsync(EventsAsync(state, after, http.RequestAborted), http.Response.Body, WriteUpdate, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static void WriteUpdate(SseItem<StateUpdateView> item, IBufferWriter<byte> buffer)
    {
        using var writer = new Utf8JsonWriter(buffer);
        JsonSerializer.Serialize(writer, item.Data, JsonSerializerOptions.Web);
    }

    private static async IAsyncEnumerable<SseItem<StateUpdateView>> EventsAsync(State state, long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in state.WatchAsync(after, cancellationToken))
        {
            yield return new SseItem<StateUpdateView>(StateUpdateView.From(update), "update") { EventId = update.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
    }

    private static IStateGrain Grain(IGrainFactory grains, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IStateGrain>(@namespace);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            _ = document.RootElement.GetRawText(); // the reader leaves the bytes inside strings unchecked: invalid UTF-8 throws here
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The body is not JSON: {e.Message}", StatusCodes.Status400BadRequest);
        }
        catch (InvalidOperationException e)
        {
            throw new BadHttpRequestException($"The body is not UTF-8 JSON: {e.Message}", StatusCodes.Status400BadRequest);
        }
    }
}
