using System.Collections.Concurrent;

namespace JobRuntime.Runtime;

/// <summary>A call that fails when its response does not arrive in time.</summary>
internal interface ITimedCall
{
    /// <summary>Tick count (ms) after which the call times out.</summary>
    long Deadline { get; set; }

    void OnTimeout(TimeSpan timeout);
}

/// <summary>
/// Fails calls whose response is late. One timer sweeps all pending calls, so a call costs a
/// dictionary insert instead of a timer of its own.
/// </summary>
internal sealed class ResponseTimeouts : IDisposable
{
    private readonly ConcurrentDictionary<ITimedCall, byte> _pending = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;

    public ResponseTimeouts(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        var sweep = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 10, 1000));
        _timer = time.CreateTimer(_ => Sweep(), null, sweep, sweep);
    }

    public TimeSpan Timeout => _timeout;

    public void Add(ITimedCall call)
    {
        call.Deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
        _pending.TryAdd(call, 0);
    }

    public void Remove(ITimedCall call) => _pending.TryRemove(call, out _);

    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var (call, _) in _pending)
        {
            if (call.Deadline <= now && _pending.TryRemove(call, out _))
            {
                call.OnTimeout(_timeout);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
