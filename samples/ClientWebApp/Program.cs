// An ASP.NET Core app that calls grains of a separate silo through an Orleans client.
// Run a silo first (dotnet run --project src/Silo), then: dotnet run --project samples/ClientWebApp
using JobRuntime.Client.Hosting;
using JobRuntime.GrainInterfaces;

var builder = WebApplication.CreateBuilder(args);
// The silo's gateway from JobRuntime:Client:Gateway (default 127.0.0.1:30000).
builder.UseOrleansClient(client => client.UseJobRuntimeGateway(builder.Configuration));

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
