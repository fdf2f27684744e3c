using JobRuntime.Silo.Apis;
using Orleans.Dashboard;

namespace JobRuntime.Silo;

/// <summary>How the silo executable serves the Orleans Dashboard.</summary>
internal static class SiloHosting
{
    /// <summary>
    /// Serves the Orleans Dashboard at <c>/dashboard</c>, to the jobs API's administrators only
    /// (it shows every grain's state); open on loopback when no users are configured.
    /// </summary>
    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(JobsApi.AdminPolicy);
}
