using System.Text.Json;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Processes;

/// <summary>
/// Supervised processes on the cluster (zproc's <c>process</c>, across machines): the function is a
/// .NET handler registered in the silos (<c>AddTaskHandler</c>), and each attempt is a one-task job
/// run by a silo's worker, sharing the workers fairly with other jobs. This client supervises:
/// it retries a failure whose exception type name is in <see cref="ProcessOptions.RetryFor"/> or
/// <see cref="ProcessOptions.RetryForNames"/> after the delay, up to the maximum.
/// <code>
/// var processes = new ProcessClient(client);
/// var fetch = processes.Start&lt;string, int&gt;("fetch", "https://example.org",
///     new ProcessOptions { RetryFor = [typeof(HttpRequestException)], RetryDelay = TimeSpan.FromSeconds(1), MaxRetries = 3 });
/// var length = await fetch.WaitAsync(TimeSpan.FromMinutes(1));
/// </code>
/// An attempt's job is deleted when it ends, and when the process is stopped.
/// </summary>
public sealed class ProcessClient
{
    private readonly JobClient _jobs;

    /// <summary>A process client acting for <paramref name="owner"/> (its attempts are that owner's jobs while they run).</summary>
    public ProcessClient(IClusterClient client, string owner = "local")
    {
        ArgumentNullException.ThrowIfNull(client);
        _jobs = new JobClient(client, owner);
    }

    /// <summary>
    /// Starts the handler <paramref name="handler"/> on <paramref name="argument"/> now, supervised.
    /// A failed attempt arrives as <see cref="ProcessFailedException"/>; an unknown handler as
    /// <see cref="InvalidJobException"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The attempt timeout is not 1 second to 24 hours.</exception>
    public SupervisedProcess<TResult> Start<TArgument, TResult>(string handler, TArgument argument, ProcessOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(handler);
        options ??= ProcessOptions.Default;
        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > TimeSpan.FromHours(24))
        {
            throw new ArgumentException($"AttemptTimeout is 1 second to 24 hours; it is {options.AttemptTimeout}.", nameof(options));
        }
        var task = JsonSerializer.SerializeToElement(argument, JsonSerializerOptions.Web);
        return SupervisedProcess.Start(ct => RunOnceAsync<TResult>(handler, task, options, ct), options, time);
    }

    private async Task<TResult> RunOnceAsync<TResult>(string handler, JsonElement task, ProcessOptions options, CancellationToken cancellationToken)
    {
        var job = await _jobs.CreateJobAsync(handler, new JobOptions(TaskTimeoutSeconds: options.AttemptTimeout.TotalSeconds), ProgramKind.DotNet);
        try
        {
            var run = job.RunAsync([task]);
            await foreach (var result in run.WithCancellation(cancellationToken))
            {
                return result.Deserialize<TResult>(JsonSerializerOptions.Web)!;
            }
            throw run.Errors is [var failure, ..]
                ? new ProcessFailedException(handler, failure.Error)
                : new JobRuntimeException($"The process '{handler}' ended with neither a result nor an error.");
        }
        finally
        {
            try
            {
                await job.DeleteAsync();
            }
            catch (JobRuntimeException)
            {
                // Already gone.
            }
        }
    }
}
