namespace JobRuntime.Silo.Security;

/// <summary>Marks an endpoint whose request body is a streamed upload (<see cref="HttpLimitsOptions.MaxUploadBodyBytes"/>).</summary>
public sealed class UploadBodyMetadata
{
    internal static readonly UploadBodyMetadata Instance = new();

    private UploadBodyMetadata()
    {
    }
}

/// <summary>
/// Marks an endpoint whose response stays open (server-sent events, <c>?stream</c>, long polls):
/// it counts against <see cref="HttpLimitsOptions.MaxStreamsPerUser"/>; with <see cref="Query"/>,
/// only when the request has that query parameter.
/// </summary>
public sealed class StreamingResponseMetadata(string? query)
{
    /// <summary>The query parameter that makes the response a stream, or null when it always is.</summary>
    public string? Query { get; } = query;
}

/// <summary>Marks endpoints for the silo's HTTP limits.</summary>
public static class EndpointTraitsExtensions
{
    /// <summary>The request body is a streamed upload, limited by <see cref="HttpLimitsOptions.MaxUploadBodyBytes"/> instead of <see cref="HttpLimitsOptions.MaxRequestBodyBytes"/>.</summary>
    public static TBuilder WithUploadBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(UploadBodyMetadata.Instance);

    /// <summary>The response stays open (always, or when the request has the query parameter <paramref name="query"/>); it counts against the caller's open streams.</summary>
    public static TBuilder WithStreamingResponse<TBuilder>(this TBuilder builder, string? query = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StreamingResponseMetadata(query));
}
