using System.Diagnostics.Metrics;

namespace JobRuntime.Grains.Telemetry;

/// <summary>
/// The jobs' metrics, on the meter <see cref="MeterName"/>: tasks submitted, leased, done and
/// failed, how long tasks ran, and the tasks waiting and running. Each silo counts what it did;
/// summed over the silos of a cluster they describe the cluster (a task submitted on one silo and
/// run on another adds one to <c>jobruntime.tasks.queued</c> on the first and takes it off on the second).
/// </summary>
public sealed class JobsMetrics : IDisposable
{
    /// <summary>The name of the jobs' meter.</summary>
    public const string MeterName = "JobRuntime.Jobs";

    private readonly Meter _meter;
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _leased;
    private readonly Counter<long> _done;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _cancelled;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _queued;
    private readonly UpDownCounter<long> _running;

    /// <summary>Creates the meter through the host's meter factory.</summary>
    public JobsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _submitted = _meter.CreateCounter<long>("jobruntime.tasks.submitted", "{task}", "Tasks submitted to jobs.");
        _leased = _meter.CreateCounter<long>("jobruntime.tasks.leased", "{task}", "Tasks started by the chunks active on this silo (a task run again after its silo died counts again).");
        _done = _meter.CreateCounter<long>("jobruntime.tasks.done", "{task}", "Tasks that ended with a result.");
        _failed = _meter.CreateCounter<long>("jobruntime.tasks.failed", "{task}", "Tasks that ended with an error (program, timeout or limit).");
        _cancelled = _meter.CreateCounter<long>("jobruntime.tasks.cancelled", "{task}", "Tasks that ended unstarted because their job was cancelled.");
        _duration = _meter.CreateHistogram<double>("jobruntime.task.duration", "s", "How long a task ran in its executor.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30] });
        _queued = _meter.CreateUpDownCounter<long>("jobruntime.tasks.queued", "{task}", "Tasks submitted and not yet ended (summed over the cluster's silos: the queue depth).");
        _running = _meter.CreateUpDownCounter<long>("jobruntime.tasks.running", "{task}", "Tasks running on this silo now.");
    }

    /// <summary>Tasks were submitted to a job.</summary>
    public void Submitted(int count)
    {
        _submitted.Add(count);
        _queued.Add(count);
    }

    /// <summary>This silo leased tasks.</summary>
    public void Leased(int count)
    {
        _leased.Add(count);
        _running.Add(count);
    }

    /// <summary>Leased tasks were given back or their batch ended.</summary>
    public void Released(int count) => _running.Add(-count);

    /// <summary>A task ended with a result or an error after running for <paramref name="elapsed"/>.</summary>
    public void Ended(bool failed, TimeSpan elapsed)
    {
        (failed ? _failed : _done).Add(1);
        _queued.Add(-1);
        _duration.Record(elapsed.TotalSeconds);
    }

    /// <summary>Tasks ended unstarted because their job was cancelled.</summary>
    public void Cancelled(int count)
    {
        if (count > 0)
        {
            _cancelled.Add(count);
            _queued.Add(-count);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
