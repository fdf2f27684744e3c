using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;
using JobRuntime.Grains.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Hosting;

/// <summary>
/// Adds jobs to a silo: the task slots, the executors and the .NET handlers. The job and chunk
/// grains come with this assembly and keep their state in the silo's default grain storage (any
/// engine: SQLite embedded, Azure Table, ADO.NET); the silo also needs reminders and a durable stream
/// provider named <see cref="JobStreams.Provider"/> (the embedded default: <c>UseSqlite()</c> and
/// <c>AddSqliteStreams("jobs")</c>).
/// </summary>
public static class JobsSiloBuilderExtensions
{
    /// <summary>The key of the JavaScript executor service, when one is registered.</summary>
    public const string JavaScriptExecutorKey = "javascript";

    /// <summary>
    /// Adds jobs (options from <c>JobRuntime:Jobs</c>). Idempotent.
    /// </summary>
    public static ISiloBuilder AddJobs(this ISiloBuilder silo, Action<JobsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        var options = services.AddOptions<JobsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        if (services.Any(d => d.ServiceType == typeof(TaskSlots)))
        {
            return silo;
        }
        options.Bind(silo.Configuration.GetSection("JobRuntime:Jobs")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        // JavaScript runs in Node.js language workers (JobRuntime:Node); without node the silo
        // still starts, and JavaScript jobs are refused with the reason.
        services.AddOptions<Grains.JavaScript.NodeOptions>().Bind(silo.Configuration.GetSection(Grains.JavaScript.NodeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Grains.JavaScript.NodeOptions>, Grains.JavaScript.NodeOptionsValidator>());
        services.TryAddKeyedSingleton<ITaskExecutor>(JavaScriptExecutorKey, (sp, _) => new Grains.JavaScript.JavaScriptExecutor(
            sp.GetRequiredService<IOptions<Grains.JavaScript.NodeOptions>>().Value,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Grains.JavaScript.JavaScriptExecutor>>()));
        services.TryAddSingleton(sp => new DotNetTaskExecutor(sp.GetServices<TaskHandlerRegistration>()));
        services.TryAddSingleton(sp =>
        {
            var javaScript = sp.GetKeyedService<ITaskExecutor>(JavaScriptExecutorKey);
            var reason = javaScript is IAvailability availability && !availability.IsAvailable ? availability.UnavailableReason : null;
            return new JobExecutors(reason is null ? javaScript : null, reason, sp.GetRequiredService<DotNetTaskExecutor>());
        });
        services.TryAddSingleton(sp => new JobsHealth(sp.GetRequiredService<JobExecutors>()));
        services.AddSingleton<TaskSlots>();
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.JobsMetrics>();
        return silo;
    }

    /// <summary>
    /// Registers a .NET task handler by name: jobs created with kind DotNet and this name as their
    /// program run it for each task (input deserialized as <typeparamref name="TIn"/>, result
    /// serialized from <typeparamref name="TOut"/>), under the job's time limit.
    /// </summary>
    public static ISiloBuilder AddTaskHandler<TIn, TOut>(this ISiloBuilder silo, string name, Func<TIn, CancellationToken, Task<TOut>> handler)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        silo.Services.AddSingleton(sp =>
        {
            var json = JsonSerializerOptions.Web;
            return new TaskHandlerRegistration(name, async (input, cancellationToken) =>
            {
                var value = input.Deserialize<TIn>(json)!;
                var result = await handler(value, cancellationToken);
                return JsonSerializer.SerializeToElement(result, json);
            });
        });
        return silo;
    }
}

/// <summary>Implemented by executors that may be unavailable on a machine (JavaScript without Node.js).</summary>
public interface IAvailability
{
    /// <summary>True when the executor can run programs.</summary>
    bool IsAvailable { get; }

    /// <summary>Why it cannot, when it cannot.</summary>
    string? UnavailableReason { get; }
}
