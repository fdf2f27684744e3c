using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using JobRuntime.Hosting;
using JobRuntime.Runtime;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Streams;

/// <summary>
/// A stream provider: in memory when it has no event store (no durability, back-pressure instead
/// of loss), durable when it has one (every event stored with its sequence number before the
/// producer's call returns). Grain subscriptions and their cursors live in the subscription
/// store either way, so they survive deactivation and restarts.
/// </summary>
internal sealed partial class StreamProvider : IStreamProvider, ISiloLifecycleParticipant, Storage.IExternallyAppendedStreams
{
    // How long to wait before reading the subscriptions again when they could not be read at start.
    private static readonly TimeSpan ResumeRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<StreamId, StreamState> _streams = new();
    private readonly ILogger _logger;
    private ITimer? _retention;
    private ITimer? _resumeRetry;
    private volatile bool _stopped;

    public StreamProvider(string name, StreamProviderOptions options, IStreamEventStore? events, IStreamSubscriptionStore subscriptions, SiloRuntime runtime, ILogger<StreamProvider> logger)
    {
        Name = name;
        Options = options;
        Events = events;
        Subscriptions = subscriptions;
        Runtime = runtime;
        _logger = logger;
    }

    public string Name { get; }

    public bool IsRewindable => Events is not null;

    public StreamProviderOptions Options { get; }

    public IStreamEventStore? Events { get; }

    public IStreamSubscriptionStore Subscriptions { get; }

    public SiloRuntime Runtime { get; }

    public IAsyncStream<T> GetStream<T>(StreamId streamId) => new AsyncStream<T>(this, streamId);

    public void OnAppended(StreamId stream, long lastSequence) => GetState(stream).OnAppendedExternally(lastSequence);

    public StreamState GetState(StreamId id) => _streams.GetOrAdd(id, static (key, provider) => new StreamState(provider, key), this);

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (Events is not null)
        {
            var every = TimeSpan.FromTicks(Math.Clamp(Options.Retention.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromHours(1).Ticks));
            _retention = Runtime.Time.CreateTimer(_ => _ = ApplyRetentionAsync(), null, every, every);
        }
        await ResumeStoredSubscriptionsAsync(cancellationToken);
    }

    // Resumes delivery to every stored grain subscription: events stored while it was behind are
    // delivered now. A store that cannot be read (a locked or corrupt file) does not keep the silo
    // from starting; delivery resumes once it can be read.
    private async Task ResumeStoredSubscriptionsAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }
        try
        {
            var records = await Subscriptions.ReadAllAsync(Name, cancellationToken);
            foreach (var stream in records.Select(r => r.Stream).Distinct())
            {
                await GetState(stream).EnsureInitializedAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogResumeFailed(_logger, Name, ResumeRetryDelay, e);
            if (!_stopped)
            {
                Interlocked.Exchange(ref _resumeRetry, Runtime.Time.CreateTimer(_ => _ = ResumeStoredSubscriptionsAsync(CancellationToken.None), null, ResumeRetryDelay, Timeout.InfiniteTimeSpan))?.Dispose();
            }
        }
    }

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        Interlocked.Exchange(ref _resumeRetry, null)?.Dispose();
        _retention?.Dispose();
        await Task.WhenAll(_streams.Values.SelectMany(s => s.Pumps).Select(p => p.StopAsync()));
    }

    private async Task ApplyRetentionAsync()
    {
        try
        {
            await Events!.DeleteOlderThanAsync(Name, Runtime.Time.GetUtcNow() - Options.Retention);
        }
        catch (Exception e)
        {
            LogRetentionFailed(_logger, Name, e);
        }
    }

    /// <summary>Starts pumps for a stream's stored subscriptions, adding implicit ones it lacks.</summary>
    public async Task StartStoredSubscriptionsAsync(StreamState stream, long lastSequence)
    {
        var records = (await Subscriptions.ReadAsync(Name, stream.Id)).ToList();
        foreach (var grainClass in Runtime.Code.GrainClasses)
        {
            if (!grainClass.ImplicitStreamNamespaces.Contains(stream.Id.Namespace))
            {
                continue;
            }
            var handle = ImplicitHandle(grainClass.GrainType, stream.Id);
            if (records.Any(r => r.HandleId == handle))
            {
                continue;
            }
            var record = new StreamSubscriptionRecord(Name, stream.Id, handle, new GrainId(grainClass.GrainType, stream.Id.Key), lastSequence, IsImplicit: true);
            await Subscriptions.UpsertAsync(record);
            records.Add(record);
        }
        foreach (var record in records)
        {
            // A memory stream numbers its events from 1 again in every process: a cursor stored by
            // an earlier process would make the pump skip this process's first events.
            StartGrainPump(stream, record.HandleId, record.Subscriber, Events is null ? lastSequence : record.Cursor);
        }
    }

    public SubscriptionPump StartGrainPump(StreamState stream, Guid handleId, GrainId subscriber, long cursor) =>
        stream.AddPump(handleId, cursor, new GrainTarget(Runtime, subscriber, Name, stream.Id, handleId), persistCursor: true);

    /// <summary>The handle of the implicit subscription of a grain type to a stream (the same in every process and run).</summary>
    public Guid ImplicitHandle(string grainType, StreamId stream) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{Name}\n{grainType}\n{stream.Namespace}\n{stream.Key}")));

    public async Task SaveCursorAsync(Guid handleId, long cursor)
    {
        try
        {
            await Subscriptions.UpdateCursorAsync(Name, handleId, cursor);
        }
        catch (Exception e)
        {
            LogCursorFailed(_logger, handleId, e);
        }
    }

    public void LogReadFailed(StreamId stream, Exception error) => LogRead(_logger, stream.ToString(), Name, error);

    public void LogDeliveryFailed(StreamId stream, Guid handle, long sequence, int attempt, bool retrying, Exception error)
    {
        if (attempt == 1 || !retrying || attempt % 20 == 0)
        {
            LogDelivery(_logger, sequence, stream.ToString(), handle, attempt, retrying ? "retrying" : "skipping it", error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading stream {Stream} of provider {Provider} failed")]
    private static partial void LogRead(ILogger logger, string stream, string provider, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering event {Sequence} of stream {Stream} to subscription {Handle} failed (attempt {Attempt}); {Action}")]
    private static partial void LogDelivery(ILogger logger, long sequence, string stream, Guid handle, int attempt, string action, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the cursor of subscription {Handle} failed")]
    private static partial void LogCursorFailed(ILogger logger, Guid handle, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The subscriptions of stream provider {Provider} could not be read; delivery to them waits until they can (trying again in {Delay})")]
    private static partial void LogResumeFailed(ILogger logger, string provider, TimeSpan delay, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying retention to stream provider {Provider} failed")]
    private static partial void LogRetentionFailed(ILogger logger, string provider, Exception error);
}
