using System.Globalization;
using JobRuntime.Silo.Apis;

namespace JobRuntime.Silo.Security;

/// <summary>The silo's own error answers: JSON <c>{"message"}</c>.</summary>
internal static class HttpErrors
{
    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least one).</summary>
    public static Task TooManyAsync(HttpContext http, TimeSpan retryAfter, string message)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return http.Response.WriteAsJsonAsync(new ApiError(message), http.RequestAborted);
    }

    /// <summary>Writes <paramref name="message"/> with <paramref name="status"/>, unless the response has started.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string message)
    {
        if (http.Response.HasStarted)
        {
            return;
        }
        http.Response.Clear();
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new ApiError(message), http.RequestAborted);
    }

    /// <summary>The message of an error answer the framework gave without a body (no route, wrong method, a bad parameter...).</summary>
    public static string Describe(HttpContext http) => http.Response.StatusCode switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status401Unauthorized => "Credentials are required.",
        StatusCodes.Status403Forbidden => "The caller may not do this.",
        StatusCodes.Status404NotFound => $"There is nothing at {http.Request.Method} {http.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request's content type is not accepted here.",
        _ => $"The request failed with status {http.Response.StatusCode}.",
    };
}
