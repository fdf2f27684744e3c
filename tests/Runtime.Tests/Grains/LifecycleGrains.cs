namespace JobRuntime.Tests.Grains;

/// <summary>
/// Lifecycle events written by test grains ("activate key", "deactivate key ActivationIdle"),
/// registered as a singleton so a test can wait for events that happen after a call returned.
/// </summary>
public sealed class LifeJournal
{
    private readonly object _lock = new();
    private readonly List<string> _events = [];
    private readonly List<(string Entry, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyList<string> Events
    {
        get { lock (_lock) { return [.. _events]; } }
    }

    public void Record(string entry)
    {
        List<TaskCompletionSource> seen = [];
        lock (_lock)
        {
            _events.Add(entry);
            _waiters.RemoveAll(w =>
            {
                if (w.Entry != entry)
                {
                    return false;
                }
                seen.Add(w.Seen);
                return true;
            });
        }
        seen.ForEach(s => s.TrySetResult());
    }

    /// <summary>Completes once <paramref name="entry"/> has been recorded (at once if it already was).</summary>
    public Task WaitFor(string entry)
    {
        lock (_lock)
        {
            if (_events.Contains(entry))
            {
                return Task.CompletedTask;
            }
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((entry, seen));
            return seen.Task;
        }
    }

    public int Count(string entry)
    {
        lock (_lock)
        {
            return _events.Count(e => e == entry);
        }
    }
}

public interface ILifeGrain : IGrainWithStringKey
{
    Task<bool> WasActivated();

    Task<Guid> ActivationId();

    Task DeactivateWhenIdle();

    Task KeepAliveFor(TimeSpan time);

    Task<bool> Hold(int milliseconds);
}

/// <summary>Records its activations and deactivations (with the reason code) in the journal.</summary>
public abstract class LifeRecordingGrain(LifeJournal journal) : Grain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private bool _activated;
    private bool _deactivating;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activated = true;
        journal.Record($"activate {GrainId.Key}");
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating = true;
        // Slow enough that a call racing the deactivation would overlap it if it were let in.
        await Task.Delay(50, cancellationToken);
        journal.Record($"deactivate {GrainId.Key} {reason.Code}");
    }

    public Task<bool> WasActivated() => Task.FromResult(_activated);

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    public Task DeactivateWhenIdle()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAliveFor(TimeSpan time)
    {
        DelayDeactivation(time);
        return Task.CompletedTask;
    }

    /// <summary>Waits, then tells whether OnDeactivateAsync ran meanwhile.</summary>
    public async Task<bool> Hold(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return _deactivating;
    }
}

public sealed class LifeGrain(LifeJournal journal) : LifeRecordingGrain(journal), ILifeGrain;

public interface ILifeShortLivedGrain : IGrainWithStringKey
{
    Task<Guid> ActivationId();
}

/// <summary>Collected after a third of a second of idleness, whatever the silo's collection age.</summary>
[CollectionAgeLimit(Seconds = 0.3)]
public sealed class LifeShortLivedGrain(LifeJournal journal) : LifeRecordingGrain(journal), ILifeShortLivedGrain;

public interface ILifeFailingDeactivationGrain : IGrainWithStringKey
{
    Task<Guid> ActivationId();

    Task DeactivateWhenIdle();
}

/// <summary>Throws from OnDeactivateAsync after recording it.</summary>
public sealed class LifeFailingDeactivationGrain(LifeJournal journal) : LifeRecordingGrain(journal), ILifeFailingDeactivationGrain
{
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await base.OnDeactivateAsync(reason, cancellationToken);
        throw new InvalidOperationException("OnDeactivateAsync failed on purpose.");
    }
}

/// <summary>A service the tests register; grains get it by constructor injection.</summary>
public interface ILifeGreeting
{
    string Greet(string name);
}

public sealed class LifeGreeting(string salutation) : ILifeGreeting
{
    public string Greet(string name) => $"{salutation}, {name}";
}

public interface ILifeGreeterGrain : IGrainWithStringKey
{
    Task<string> Greet();

    Task<Guid> AskRelay(string relayKey);
}

public sealed class LifeGreeterGrain(ILifeGreeting greeting, IGrainFactory factory) : Grain, ILifeGreeterGrain
{
    public Task<string> Greet() => Task.FromResult(greeting.Greet(this.GetPrimaryKeyString()));

    public Task<Guid> AskRelay(string relayKey) => factory.GetGrain<ILifeGrain>(relayKey).ActivationId();
}
