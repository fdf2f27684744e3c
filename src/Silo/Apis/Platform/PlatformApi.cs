using System.Text.Json.Nodes;
using JobRuntime.Silo.Identity;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// The crawling platform's HTTP API, compatible with the protocol python-scrapinghub speaks: the
/// storage base under <c>/storage/</c> and the dash base under <c>/api/</c>.
/// </summary>
public static class PlatformApi
{
    /// <summary>Maps both bases.</summary>
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The clock is public: the seed's client asks for it without credentials.
        app.MapGet("/storage/system/ts", (TimeProvider clock) => PlatformHttp.One(clock.GetUtcNow().ToUnixTimeMilliseconds()));
        var challenge = new ChallengeMetadata(PlatformEndpoints.ChallengeAsync);
        var storage = app.MapGroup("/storage").RequireAuthorization(SiloPolicies.Platform).WithMetadata(challenge)
            .AddEndpointFilter(PlatformEndpoints.StorageFilterAsync);
        storage.MapStorageJobs();
        storage.MapStorageProjects();
        storage.MapStorageData();
        storage.MapStorageCollections();
        storage.MapStorageFrontiers();
        var dash = app.MapGroup("/api").RequireAuthorization(SiloPolicies.Platform).WithMetadata(challenge).AddEndpointFilter(DashFilterAsync);
        dash.MapDash();
        return app;
    }

    /// <summary>
    /// Registers the platform API's services: the silo's users (<see cref="SiloIdentityExtensions.AddSiloIdentity"/>;
    /// API keys, projects and administrators, with the deprecated <c>JobRuntime:Platform:Users</c> still read). Idempotent.
    /// </summary>
    public static TBuilder AddPlatformApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSiloIdentity();
        return builder;
    }

    // The dash's legacy methods report errors in the body ({"status":"error","message"}), which the client reads.
    private static async ValueTask<object?> DashFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await PlatformEndpoints.StorageFilterAsync(context, next);
        if (result is IStatusCodeHttpResult { StatusCode: >= 400 and < 500 and not 404 } failed && result is IValueHttpResult value
            && http.Request.Path.Value?.EndsWith(".json", StringComparison.Ordinal) == true)
        {
            var message = failed.StatusCode == 401 ? "Authentication failed"
                : value.Value is ApiError error ? error.Message : "Bad request";
            return Results.Json(new JsonObject { ["status"] = failed.StatusCode == 400 ? "badrequest" : "error", ["message"] = message }, statusCode: failed.StatusCode);
        }
        return result;
    }
}
