// An ASP.NET Core app that calls a separate silo through an Orleans client: a grain, and a job.
// Run a silo first (dotnet run --project src/Silo), then: dotnet run --project samples/ClientWebApp
using JobRuntime.Client.Hosting;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

var builder = WebApplication.CreateBuilder(args);
// The silo's gateway from JobRuntime:Client:Gateway (default 127.0.0.1:30000); registers JobClient.
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
// Squares numbers in the silo's JavaScript workers: POST [1, 2, 3] -> [1, 4, 9].
app.MapPost("/square", async (int[] numbers, JobClient jobs) =>
{
    var job = await jobs.CreateJobAsync("function Run(d) { return d * d; }");
    try
    {
        var squares = new List<int>();
        await foreach (var result in job.RunAsync(numbers))
        {
            squares.Add(result.GetInt32());
        }
        squares.Sort();
        return Results.Ok(squares);
    }
    finally
    {
        await job.DeleteAsync();
    }
});
app.Run();
