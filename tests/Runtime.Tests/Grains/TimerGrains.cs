using System.Collections.Concurrent;

namespace JobRuntime.Tests.Grains;

/// <summary>
/// Where timer grains record their ticks, so a test can count them after the activation is gone.
/// Register one per test cluster (ConfigureServices).
/// </summary>
public sealed class TickJournal
{
    private readonly ConcurrentDictionary<string, int> _ticks = new();
    private readonly ConcurrentDictionary<string, int> _overlaps = new();
    private readonly ConcurrentDictionary<string, int> _deactivations = new();

    public int Ticks(string key) => _ticks.GetValueOrDefault(key);

    /// <summary>Times a tick and a call of the grain ran at the same time.</summary>
    public int Overlaps(string key) => _overlaps.GetValueOrDefault(key);

    public int Deactivations(string key) => _deactivations.GetValueOrDefault(key);

    public void Tick(string key) => _ticks.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Overlap(string key) => _overlaps.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Deactivated(string key) => _deactivations.AddOrUpdate(key, 1, (_, n) => n + 1);
}

public interface ITickGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer whose ticks each take <paramref name="tickDuration"/>.</summary>
    Task Start(TimeSpan dueTime, TimeSpan period, TimeSpan tickDuration);

    /// <summary>Starts a timer whose ticks throw.</summary>
    Task StartFailing(TimeSpan period);

    /// <summary>Disposes the timer; returns the ticks counted so far.</summary>
    Task<int> Stop();

    /// <summary>A call that takes <paramref name="duration"/>, checking that no tick runs meanwhile.</summary>
    Task Work(TimeSpan duration);

    Task Deactivate();
}

public sealed class TickGrain(TickJournal journal) : Grain, ITickGrain
{
    private IGrainTimer? _timer;
    private bool _inTick;
    private bool _inCall;

    private string Key => this.GetPrimaryKeyString();

    public Task Start(TimeSpan dueTime, TimeSpan period, TimeSpan tickDuration)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            if (_inCall)
            {
                journal.Overlap(Key);
            }
            _inTick = true;
            try
            {
                if (tickDuration > TimeSpan.Zero)
                {
                    await Task.Delay(tickDuration);
                }
                if (_inCall)
                {
                    journal.Overlap(Key);
                }
            }
            finally
            {
                _inTick = false;
            }
            journal.Tick(Key);
        }, dueTime, period);
        return Task.CompletedTask;
    }

    public Task StartFailing(TimeSpan period)
    {
        _timer = RegisterGrainTimer(_ =>
        {
            journal.Tick(Key);
            throw new InvalidOperationException("This tick fails on purpose.");
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> Stop()
    {
        _timer?.Dispose();
        return Task.FromResult(journal.Ticks(Key));
    }

    public async Task Work(TimeSpan duration)
    {
        if (_inTick)
        {
            journal.Overlap(Key);
        }
        _inCall = true;
        try
        {
            await Task.Delay(duration);
            if (_inTick)
            {
                journal.Overlap(Key);
            }
        }
        finally
        {
            _inCall = false;
        }
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        journal.Deactivated(Key);
        return Task.CompletedTask;
    }
}
