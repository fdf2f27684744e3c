using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Security;

/// <summary>
/// Bounds the streaming responses (<see cref="StreamingResponseMetadata"/>) one caller holds open
/// at once: past <see cref="HttpLimitsOptions.MaxStreamsPerUser"/> a new one gets 429 with
/// <c>Retry-After</c>, and the permit is given back when the stream ends.
/// </summary>
internal sealed class StreamLimitMiddleware : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly PartitionedRateLimiter<HttpContext> _streams;
    private readonly int _limit;

    public StreamLimitMiddleware(RequestDelegate next, IOptions<HttpLimitsOptions> options)
    {
        _next = next;
        var limit = _limit = options.Value.MaxStreamsPerUser;
        _streams = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetConcurrencyLimiter(
            CallerPartition.Of(http), _ => new ConcurrencyLimiterOptions { PermitLimit = limit, QueueLimit = 0 }));
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var streaming = http.GetEndpoint()?.Metadata.GetMetadata<StreamingResponseMetadata>();
        if (streaming is null || (streaming.Query is { } query && !http.Request.Query.ContainsKey(query)))
        {
            await _next(http);
            return;
        }
        using var lease = _streams.AttemptAcquire(http);
        if (!lease.IsAcquired)
        {
            await HttpErrors.TooManyAsync(http, TimeSpan.FromSeconds(1),
                $"Too many open streams: at most {_limit} at once per user ({HttpLimitsOptions.Section}:MaxStreamsPerUser); close one and retry.");
            return;
        }
        await _next(http);
    }

    public void Dispose() => _streams.Dispose();
}
