using JobRuntime.Silo.Apis;
using Orleans.Dashboard;

namespace JobRuntime.Silo;

/// <summary>How the silo executable serves the Orleans Dashboard.</summary>
internal static class SiloHosting
{
    /// <summary>Serves the Orleans Dashboard at <c>/dashboard</c>, behind the same users as the jobs API.</summary>
    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(JobsApi.Policy);
}
