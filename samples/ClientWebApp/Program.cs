// An ASP.NET Core app that calls grains of a separate silo through the cluster client.
// Run a silo first (dotnet run --project src/Silo), then: dotnet run --project samples/ClientWebApp
using JobRuntime;
using JobRuntime.GrainInterfaces;
using JobRuntime.Hosting;

var builder = WebApplication.CreateBuilder(args);
// Gateway and access key from JobRuntime:Client (default gateway 127.0.0.1:30000).
builder.UseJobRuntimeClient();

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
