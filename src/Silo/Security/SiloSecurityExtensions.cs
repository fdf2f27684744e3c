using System.Threading.RateLimiting;
using JobRuntime.Silo.Apis;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Security;

/// <summary>The silo's shared HTTP defences: closed by default off loopback, request limits, per-user rate and stream limits, JSON errors.</summary>
public static class SiloSecurityExtensions
{
    /// <summary>
    /// Registers the defences (needs <see cref="JobsApiHostingExtensions.AddJobsApi"/>): the
    /// start-up refusal of a silo that listens beyond loopback with a door open, Kestrel's body,
    /// request-line and header limits and the per-user rate limit of <c>JobRuntime:Http:Limits</c>
    /// (<see cref="HttpLimitsOptions"/>). Add the middleware with <see cref="UseSiloSecurity"/>. Idempotent.
    /// </summary>
    public static TBuilder AddSiloSecurity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<HttpLimitsOptions>)))
        {
            return builder;
        }
        services.AddOptions<HttpLimitsOptions>().Bind(builder.Configuration.GetSection(HttpLimitsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpLimitsOptions>, HttpLimitsOptionsValidator>());
        // Validated with the jobs API's options, before any hosted service (Orleans, Kestrel) starts.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Identity.UsersOptions>, ClosedOffLoopbackValidator>());
        services.AddOptions<Identity.UsersOptions>().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            // Kestrel answers its own limits without a body, so it gets a margin and
            // RequestShapeGuard answers the configured limits in JSON.
            kestrel.Limits.MaxRequestLineSize = limits.Value.MaxRequestLineBytes * HttpLimitsOptions.HardLimitFactor;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersBytes * HttpLimitsOptions.HardLimitFactor;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.Value.RequestHeadersTimeoutSeconds);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.Value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(limits.Value.MinRequestBodyGraceSeconds));
        });
        // A parameter that does not bind throws, so that RequestGuardMiddleware answers it in JSON.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<HttpLimitsOptions>>((rate, limits) =>
        {
            var perSecond = limits.Value.RequestsPerSecond;
            var burst = limits.Value.RequestBurst;
            rate.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(
                CallerPartition.Of(http),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            rate.OnRejected = (context, _) => new ValueTask(HttpErrors.TooManyAsync(
                context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1),
                $"Too many requests: at most {perSecond} a second per user and {burst} at once ({HttpLimitsOptions.Section}:RequestsPerSecond and :RequestBurst)."));
        });
        return builder;
    }

    /// <summary>
    /// Adds the middleware, in order: JSON bodies for bare error statuses, the request guard (body
    /// limits by endpoint, JSON for refused requests), authorization (so the limits know the
    /// user), the rate limiter and the stream limit. Call it right after building the app.
    /// </summary>
    public static WebApplication UseSiloSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages(context => HttpErrors.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, HttpErrors.Describe(context.HttpContext)));
        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<StreamLimitMiddleware>();
        return app;
    }
}
