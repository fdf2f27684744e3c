using System.Text.Json;

namespace JobRuntime.Silo.Security;

/// <summary>
/// The silo's endpoint table: every mapped route with its methods and whether it needs a user.
/// <c>--JobRuntime:ListEndpoints true</c> prints it as JSON lines and exits without starting
/// (the authorization matrix test compares it with its own table).
/// </summary>
public static class EndpointListing
{
    /// <summary>The configuration key that asks for the listing.</summary>
    public const string Key = "JobRuntime:ListEndpoints";

    /// <summary>When <see cref="Key"/> is true, writes the table to standard output and returns true: the caller then exits.</summary>
    public static bool ListEndpointsIfAsked(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>(Key))
        {
            return false;
        }
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    method,
                    route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'),
                    authorize = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null,
                }));
            }
        }
        Console.Out.Flush();
        return true;
    }
}
