using System.Text.Json;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Grains.Platform;

/// <summary>
/// What happens to a running job when the silo running its spider goes away. While the spider
/// runs, the activation stays on its silo and a reminder watches the job:
/// <list type="bullet">
/// <item>a graceful shutdown stops the spider and finishes the job with close reason <c>shutdown</c> (as Scrapy does on SIGTERM);</item>
/// <item>when Orleans moves or re-creates the grain while its silo lives, the spider keeps running;
/// its runner asks the job's grain, wherever it is, whether to stop (<see cref="PlatformOptions.StopCheckPeriod"/>) and reports its end to it;</item>
/// <item>a silo that dies (kill -9, crash, lost machine) leaves the job running in the engine; the
/// reminder then activates the job on a live silo (the restarted one, or another of the cluster),
/// which finds the spider's silo dead (in the cluster's membership) and finishes the job with close reason <c>failed</c> and an
/// error log record saying why. The job is not re-run: spiders are not idempotent (a second run
/// would write its items again), and Scrapy Cloud users re-schedule failed jobs themselves.</item>
/// </list>
/// Jobs started by external runners (<c>startjob</c>) are theirs to finish and are not watched.
/// </summary>
internal sealed partial class PlatformJobGrain : IRemindable
{
    private const string WatchReminder = "spider-watch";

    /// <summary>The metadata key naming the silo that runs the spider, as <c>ip:port@generation</c> (the seed's recorded field for its worker).</summary>
    private const string WorkerKey = "_shub_worker";

    private bool _spiderHere;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WatchReminder)
        {
            return;
        }
        // A spider started by this activation is still being run (or completed) by its runner.
        var worker = _record is null ? null : PlatformJobMetadata.Parse(_record.Metadata)[WorkerKey]?.ToString();
        if (_record?.State == PlatformJobState.Running && !_spiderHere && SpiderLost(worker))
        {
            worker ??= "another silo";
            LogSpiderLost(logger, _key.ToString(), worker);
            await AppendAsync(PlatformJobData.Logs, null, PlatformRecordPacking.Pack([JsonSerializer.Serialize(new
            {
                message = $"The silo running this job's spider ({worker}) stopped without ending it (killed or crashed); the job was not re-run.",
                level = 40,
                time = Now(),
            })]), limited: false);
            await UpdateAsync(PlatformJobState.Finished, "{\"close_reason\":\"failed\"}", "jobruntime");
        }
        if (_record?.State != PlatformJobState.Running)
        {
            await UnwatchAsync();
        }
    }

    // Lost when the silo that ran it is dead (or unknown to this cluster: a restarted embedded silo),
    // or is this silo and its runner has no such spider. A live worker still runs it.
    private bool SpiderLost(string? worker)
    {
        if (worker is null)
        {
            return true;
        }
        SiloAddress address;
        try
        {
            address = SiloAddress.FromParsableString(worker);
        }
        catch (FormatException)
        {
            return true;
        }
        if (address.Equals(silo.SiloAddress))
        {
            return !runner.IsRunning(_key.ToString());
        }
        return membership.CurrentSnapshot.GetSiloStatus(address) is SiloStatus.Dead or SiloStatus.None;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Orleans may deactivate the grain for other reasons (its directory entry was lost with a
        // dead silo, rebalancing): the spider then keeps running and reports to the next activation.
        if (_spiderHere && _record?.State == PlatformJobState.Running && reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // The silo shuts down: stop the spider and finish the job here.
            _spiderHere = false;
            runner.Stop(_key.ToString());
            try
            {
                await UpdateAsync(PlatformJobState.Finished, "{\"close_reason\":\"shutdown\"}", "jobruntime");
            }
            catch (Exception e)
            {
                // The reminder finishes it later on a live silo.
                LogShutdownFinishFailed(logger, _key.ToString(), e);
            }
        }
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private Task WatchAsync() =>
        this.RegisterOrUpdateReminder(WatchReminder, options.Value.RunWatchPeriod, options.Value.RunWatchPeriod);

    private async Task UnwatchAsync()
    {
        if (await this.GetReminder(WatchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} was running on {Worker}, which stopped without ending it; the job finishes as failed")]
    private static partial void LogSpiderLost(ILogger logger, string job, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} could not be finished while its silo shut down; its reminder finishes it later")]
    private static partial void LogShutdownFinishFailed(ILogger logger, string job, Exception error);
}
