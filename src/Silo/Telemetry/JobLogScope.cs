namespace JobRuntime.Silo.Telemetry;

/// <summary>Puts the job id of a <c>/jobs/{id}</c> request (or a console page of a job) into the scope of the logs written while it is served.</summary>
internal sealed class JobLogScope(RequestDelegate next, ILogger<JobLogScope> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("id", out var id) && id is string jobId)
        {
            using (logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId }))
            {
                await next(context);
            }
            return;
        }
        await next(context);
    }
}
