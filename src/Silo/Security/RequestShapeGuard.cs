using Microsoft.AspNetCore.Http.Features;

namespace JobRuntime.Silo.Security;

/// <summary>
/// The configured limits on a request's line and headers (<see cref="HttpLimitsOptions"/>),
/// checked before anything else reads the request, so that a refusal carries a JSON message.
/// Sizes are counted as they arrive on the wire: the request line with its spaces and line end,
/// each header as <c>name: value</c> and its line end.
/// </summary>
internal static class RequestShapeGuard
{
    /// <summary>The status and message refusing <paramref name="http"/>, or null when it is within the limits.</summary>
    public static (int Status, string Message)? Refusal(HttpContext http, HttpLimitsOptions limits)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
        var line = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2;
        if (line > limits.MaxRequestLineBytes)
        {
            return (StatusCodes.Status414UriTooLong,
                $"The request line is {line} bytes, over the limit of {limits.MaxRequestLineBytes} ({HttpLimitsOptions.Section}:MaxRequestLineBytes).");
        }
        long headers = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }
        if (headers > limits.MaxRequestHeadersBytes)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers are {headers} bytes, over the limit of {limits.MaxRequestHeadersBytes} ({HttpLimitsOptions.Section}:MaxRequestHeadersBytes).");
        }
        return null;
    }
}
