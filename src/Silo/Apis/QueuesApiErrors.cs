using JobRuntime.Queues;

namespace JobRuntime.Silo.Apis;

/// <summary>Bad queue names and messages are the caller's mistake: 400 with <c>{"message"}</c>; another user's queue is 404.</summary>
internal static class QueuesApiErrors
{
    public static async ValueTask<object?> HandleAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is InvalidQueueNameException or InvalidQueueMessageException)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
        catch (QueueNotVisibleException e)
        {
            return TypedResults.NotFound(new ApiError(e.Message));
        }
    }
}
