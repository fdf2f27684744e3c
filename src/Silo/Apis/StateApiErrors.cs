using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// The state API's errors as JSON <c>{"message"}</c>: a refused key, value or lease 400, an absent
/// key or another user's state 404, a stale compare-and-set 409; everything else as the jobs API answers it.
/// </summary>
internal static class StateApiErrors
{
    private static async ValueTask<object?> HandleAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InvalidStateException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
        catch (StateKeyNotFoundException e)
        {
            return TypedResults.NotFound(new ApiError(e.Message));
        }
        catch (StateNotVisibleException e)
        {
            return TypedResults.NotFound(new ApiError(e.Message));
        }
        catch (StateVersionConflictException e)
        {
            return TypedResults.Conflict(new ApiError(e.Message));
        }
    }

    /// <summary>The state API's filters: its own errors first, then the jobs API's.</summary>
    public static ValueTask<object?> HandleAllAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        JobsApiErrors.HandleAsync(context, c => HandleAsync(c, next));
}
