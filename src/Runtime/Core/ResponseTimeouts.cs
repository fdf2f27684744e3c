using System.Collections.Concurrent;

namespace JobRuntime.Runtime;

/// <summary>A call that fails when its response does not arrive in time.</summary>
internal interface ITimedCall
{
    /// <summary>Tick count (ms) after which the call times out.</summary>
    long Deadline { get; set; }

    /// <summary>The call's link in its call chain.</summary>
    CallContext Context { get; }

    /// <summary>Fails the call; <paramref name="stuckAt"/> is the deepest call still pending on its behalf (the call itself when it waits on none).</summary>
    void OnTimeout(TimeSpan timeout, CallContext stuckAt);
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
        Dictionary<CallContext, (CallContext StuckAt, int Depth)>? late = null;
        foreach (var (call, _) in _pending)
        {
            if (call.Deadline <= now)
            {
                (late ??= new(ReferenceEqualityComparer.Instance))[call.Context] = (call.Context, 0);
            }
        }
        if (late is null)
        {
            return;
        }
        // A call cycle makes every call of the chain late in the same sweep, and the first caller
        // sees only its own timeout: find where each late call is stuck before failing any of them,
        // so every message names the whole chain.
        foreach (var (call, _) in _pending)
        {
            var depth = 1;
            for (var link = call.Context.Caller; link is not null; link = link.Caller, depth++)
            {
                if (late.TryGetValue(link, out var found) && depth > found.Depth)
                {
                    late[link] = (call.Context, depth);
                }
            }
        }
        foreach (var (call, _) in _pending)
        {
            if (late.TryGetValue(call.Context, out var found) && call.Deadline <= now && _pending.TryRemove(call, out _))
            {
                call.OnTimeout(_timeout, found.StuckAt);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
