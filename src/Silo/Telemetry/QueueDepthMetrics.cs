using System.Diagnostics.Metrics;
using JobRuntime.Sqlite.Queues;
using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Telemetry;

/// <summary>
/// The work queues' depths as gauges on the meter <see cref="MeterName"/>:
/// <c>jobruntime.queue.depth</c> (messages in each queue, dead-letter queues included, tag
/// <c>queue</c>) and <c>jobruntime.queue.leased</c> (messages received by workers and not yet
/// visible again). They are read from the queues' table every
/// <see cref="TelemetryOptions.QueueDepthInterval"/> and once at start-up, never counted in
/// memory, so they are right after a restart and whichever silo or client moved the messages.
/// A queue seen once reports 0 when it is emptied. Without work queues in the silo, nothing is reported.
/// </summary>
internal sealed partial class QueueDepthMetrics : BackgroundService
{
    /// <summary>The name of the work queues' meter.</summary>
    public const string MeterName = "JobRuntime.Queues";

    private readonly SqliteQueueCatalog? _catalog;
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueDepthMetrics> _logger;
    private readonly Dictionary<string, (long Messages, long Leased)> _depths = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public QueueDepthMetrics(IServiceProvider services, IMeterFactory meterFactory, IOptions<TelemetryOptions> options, ILogger<QueueDepthMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _catalog = services.GetService<SqliteQueueCatalog>();
        _options = options.Value;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("jobruntime.queue.depth", () => Measure(d => d.Messages), "{message}", "Messages in each work queue, visible or not (dead-letter queues are <name>-failed), read from the queues' table.");
        meter.CreateObservableGauge("jobruntime.queue.leased", () => Measure(d => d.Leased), "{message}", "Messages of each work queue received by a worker and not visible again yet (the work in progress).");
    }

    private List<Measurement<long>> Measure(Func<(long Messages, long Leased), long> value)
    {
        lock (_lock)
        {
            return [.. _depths.Select(d => new Measurement<long>(value(d.Value), new KeyValuePair<string, object?>("queue", d.Key)))];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_catalog is null)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var depths = await _catalog.QueueListAsync(stoppingToken);
                lock (_lock)
                {
                    foreach (var queue in _depths.Keys)
                    {
                        _depths[queue] = (0, 0); // emptied since: a queue with no rows is empty
                    }
                    foreach (var depth in depths)
                    {
                        _depths[depth.Queue] = (depth.Messages, depth.Leased);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReadFailed(_logger, e);
            }
            try
            {
                await Task.Delay(_options.QueueDepthInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the work queues' depths failed; the gauges keep their last values")]
    private static partial void LogReadFailed(ILogger logger, Exception error);
}
