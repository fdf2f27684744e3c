using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Security;

/// <summary>
/// Refuses a request line or headers over the configured limits (<see cref="RequestShapeGuard"/>),
/// sets each request's body limit from its endpoint (<see cref="UploadBodyMetadata"/> or not),
/// and turns what escapes the handlers into JSON <c>{"message"}</c>: a request the framework
/// refuses (a body over its limit, a parameter that does not bind) gets its 4xx, anything else
/// 500; the details go to the log, never to the caller.
/// </summary>
internal sealed partial class RequestGuardMiddleware(RequestDelegate next, IOptions<HttpLimitsOptions> options, ILogger<RequestGuardMiddleware> logger)
{
    private readonly HttpLimitsOptions _limits = options.Value;

    public async Task InvokeAsync(HttpContext http)
    {
        if (RequestShapeGuard.Refusal(http, _limits) is { } refusal)
        {
            await HttpErrors.WriteAsync(http, refusal.Status, refusal.Message);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = http.GetEndpoint()?.Metadata.GetMetadata<UploadBodyMetadata>() is null
                ? _limits.MaxRequestBodyBytes
                : _limits.MaxUploadBodyBytes;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e)
        {
            await HttpErrors.WriteAsync(http, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is over the limit of {(http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)} bytes ({HttpLimitsOptions.Section})."
                : e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client is gone.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            LogFailed(logger, http.Request.Method, http.Request.Path, e);
            await HttpErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, "The silo failed to handle the request; its log has the details.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, Exception error);
}
