using System.Security.Claims;
using JobRuntime.Silo.Apis;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The web console: server-rendered pages with a little JavaScript, live through server-sent
/// events. Every page is behind the same users as the jobs API (open on loopback when none are
/// configured) and is left out of the OpenAPI document (it is not an API).
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>
    /// Maps the console: <c>/</c> (the jobs), <c>/console/jobs/{id}</c> (a job),
    /// <c>/console/states</c>, <c>/console/queues</c> and <c>/console/platform</c>, their event
    /// streams under <c>/console/events</c>, and <c>/console/assets/{name}</c>. Needs
    /// <see cref="JobsApiHostingExtensions.AddJobsApi"/> and the jobs API mapped (the pages call it).
    /// </summary>
    public static RouteGroupBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var console = endpoints.MapGroup("")
            .RequireAuthorization(JobsApi.Policy)
            .ExcludeFromDescription();
        console.MapGet("/console/assets/{name}", (string name, HttpContext context) => ConsoleAssets.Serve(name, context));
        console.MapJobsConsole();
        console.MapStatesConsole();
        console.MapQueuesConsole();
        console.MapPlatformConsole();
        return console;
    }

    /// <summary>The signed-in user's name (the jobs API's authentication always sets one).</summary>
    internal static string User(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : throw new InvalidOperationException("The console ran without an authenticated user.");
}
