using System.Collections.Concurrent;
using JobRuntime.Streams;

namespace JobRuntime.Tests.Grains;

/// <summary>
/// What stream consumers received, by consumer name, kept outside the grains so a test can read it
/// across deactivations and restarts. Register one per test (ConfigureServices).
/// </summary>
public sealed class StreamJournal
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StreamDelivery>> _deliveries = new();
    private readonly ConcurrentDictionary<string, bool> _paused = new();

    public IReadOnlyList<StreamDelivery> Of(string consumer) =>
        _deliveries.TryGetValue(consumer, out var queue) ? [.. queue] : [];

    /// <summary>The items (events other than errors and completions) a consumer received, in order.</summary>
    public IReadOnlyList<int> Items(string consumer) =>
        [.. Of(consumer).Where(d => d.Item is not null).Select(d => d.Item!.Value)];

    public void Record(string consumer, StreamDelivery delivery) =>
        _deliveries.GetOrAdd(consumer, _ => new ConcurrentQueue<StreamDelivery>()).Enqueue(delivery);

    /// <summary>While paused, a listener grain does not resume its subscriptions when it activates.</summary>
    public bool IsPaused(string consumer) => _paused.GetValueOrDefault(consumer);

    public void Pause(string consumer, bool paused) => _paused[consumer] = paused;
}

/// <summary>One event as a consumer saw it: an item, an error or the completion.</summary>
public sealed record StreamDelivery(int? Item, StreamSequenceToken? Token, string? Error, bool Completed, Guid Activation);

/// <summary>An observer that writes what it receives into the journal under one consumer name.</summary>
public sealed class JournalObserver(StreamJournal journal, string consumer, Guid activation) : IAsyncObserver<int>
{
    public Task OnNextAsync(int item, StreamSequenceToken? token = null)
    {
        journal.Record(consumer, new StreamDelivery(item, token, null, false, activation));
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync()
    {
        journal.Record(consumer, new StreamDelivery(null, null, null, true, activation));
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex)
    {
        var type = ex is RemoteGrainException remote ? remote.RemoteType : ex.GetType().FullName;
        journal.Record(consumer, new StreamDelivery(null, null, $"{type}: {ex.Message}", false, activation));
        return Task.CompletedTask;
    }
}

/// <summary>A stream of int items, by provider and stream id.</summary>
public sealed record StreamAddress(string Provider, string Namespace, string Key)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public StreamId Id => StreamId.Create(Namespace, Key);
}

public sealed class StreamListenerState
{
    public List<StreamAddress> Streams { get; set; } = [];
}

/// <summary>
/// Subscribes explicitly, in a grain method; remembers its streams in its state and resumes their
/// handles in OnActivateAsync (unless the journal pauses it). Journal name: "listener/{key}".
/// </summary>
public interface IStreamListenerGrain : IGrainWithStringKey
{
    Task Subscribe(StreamAddress stream);

    Task Unsubscribe(StreamAddress stream);

    Task<int> CountHandles(StreamAddress stream);

    Task Publish(StreamAddress stream, int item);

    Task Deactivate();
}

public sealed class StreamListenerGrain(StreamJournal journal, [PersistentState("streams")] IPersistentState<StreamListenerState> state) : Grain, IStreamListenerGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    private string Consumer => $"listener/{this.GetPrimaryKeyString()}";

    private IAsyncStream<int> Stream(StreamAddress address) => this.GetStreamProvider(address.Provider).GetStream<int>(address.Id);

    private JournalObserver Observer => new(journal, Consumer, _activation);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (journal.IsPaused(Consumer))
        {
            return;
        }
        foreach (var address in state.State.Streams)
        {
            foreach (var handle in await Stream(address).GetAllSubscriptionHandles())
            {
                await handle.ResumeAsync(Observer);
            }
        }
    }

    public async Task Subscribe(StreamAddress stream)
    {
        await Stream(stream).SubscribeAsync(Observer);
        if (!state.State.Streams.Contains(stream))
        {
            state.State.Streams.Add(stream);
            await state.WriteStateAsync();
        }
    }

    public async Task Unsubscribe(StreamAddress stream)
    {
        foreach (var handle in await Stream(stream).GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    public async Task<int> CountHandles(StreamAddress stream) => (await Stream(stream).GetAllSubscriptionHandles()).Count;

    public Task Publish(StreamAddress stream, int item) => Stream(stream).OnNextAsync(item);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Implicitly subscribed to namespace "implicit-attach": attaches its observer in OnActivateAsync by
/// subscribing to its own stream of each provider. Journal name: "attach/{key}".
/// </summary>
public interface IImplicitAttachGrain : IGrainWithStringKey
{
    Task Ping();
}

[ImplicitStreamSubscription(Namespace)]
public sealed class ImplicitAttachGrain(StreamJournal journal) : Grain, IImplicitAttachGrain
{
    public const string Namespace = "implicit-attach";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var observer = new JournalObserver(journal, $"attach/{this.GetPrimaryKeyString()}", Guid.NewGuid());
        foreach (var provider in new[] { "memory", "durable" })
        {
            await this.GetStreamProvider(provider).GetStream<int>(StreamId.Create(Namespace, this.GetPrimaryKeyString())).SubscribeAsync(observer);
        }
    }

    public Task Ping() => Task.CompletedTask;
}

/// <summary>
/// Implicitly subscribed to namespace "implicit-announce": attaches its observer when the runtime
/// announces the subscription (IStreamSubscriptionObserver). Journal name: "announce/{key}".
/// </summary>
public interface IImplicitAnnounceGrain : IGrainWithStringKey
{
    Task Ping();
}

[ImplicitStreamSubscription(Namespace)]
public sealed class ImplicitAnnounceGrain(StreamJournal journal) : Grain, IImplicitAnnounceGrain, IStreamSubscriptionObserver
{
    public const string Namespace = "implicit-announce";

    private readonly Guid _activation = Guid.NewGuid();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<int>().ResumeAsync(new JournalObserver(journal, $"announce/{this.GetPrimaryKeyString()}", _activation));

    public Task Ping() => Task.CompletedTask;
}
