// An ASP.NET Core app that hosts a silo in the same process and calls its grains directly.
// dotnet run --project samples/CoHostedApp
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;

var builder = WebApplication.CreateBuilder(args);
var endpoints = builder.Configuration.GetSection("Orleans:Endpoints");
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(endpoints.GetValue("SiloPort", 11112), endpoints.GetValue("GatewayPort", 30001))
    .AddJobRuntime());

var app = builder.Build();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
app.MapGet("/greet/{name}", async (string name, IGrainFactory grains) =>
{
    try
    {
        return Results.Ok(await grains.GetGrain<IGreeterGrain>(name).Greet());
    }
    catch (ArgumentException e)
    {
        return Results.BadRequest(new { message = e.Message });
    }
});
app.Run();
