using JobRuntime.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>
/// Starts and stops the silo with the host: reminders, idle collection and the lifecycle
/// participants on start; on stop, every grain deactivates (OnDeactivateAsync runs) before
/// participants stop and storage is flushed.
/// </summary>
internal sealed class SiloHost(
    SiloRuntime runtime,
    ReminderService reminders,
    IEnumerable<ISiloLifecycleParticipant> participants,
    IOptions<GrainCollectionOptions> collection) : IHostedService, IAsyncDisposable
{
    private readonly List<ISiloLifecycleParticipant> _participants = [.. participants];
    private ITimer? _collector;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await reminders.StartAsync(cancellationToken);
        foreach (var participant in _participants)
        {
            await participant.OnStartAsync(cancellationToken);
        }
        var quantum = collection.Value.CollectionQuantum;
        _collector = runtime.Time.CreateTimer(_ => Collect(), null, quantum, quantum);
    }

    private void Collect()
    {
        var now = Environment.TickCount64;
        foreach (var activation in runtime.Directory.All)
        {
            activation.TryCollect(now, collection.Value.CollectionAge);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _collector?.Dispose();
        foreach (var participant in _participants)
        {
            await participant.OnStoppingAsync(cancellationToken);
        }
        reminders.Dispose();
        await runtime.StopAsync(cancellationToken);
        for (var i = _participants.Count - 1; i >= 0; i--)
        {
            await _participants[i].OnStopAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _collector?.Dispose();
        return ValueTask.CompletedTask;
    }
}
