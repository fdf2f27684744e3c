using Microsoft.Extensions.Logging;

namespace JobRuntime.Observers;

/// <summary>
/// Keeps a grain's observers, as in Orleans: each subscription expires unless it is renewed
/// (by subscribing again) within <see cref="ExpirationDuration"/>, and an observer whose
/// notification throws is dropped. Use it from grain code only (it is not thread-safe, and needs
/// not be: the grain's turns never overlap).
/// </summary>
public sealed class ObserverManager<TIdentity, TObserver> where TIdentity : notnull
{
    private readonly Dictionary<TIdentity, (TObserver Observer, DateTimeOffset LastSeen)> _observers = [];
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates a manager whose subscriptions expire after <paramref name="expiration"/>.</summary>
    public ObserverManager(TimeSpan expiration, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ExpirationDuration = expiration;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long a subscription lives without renewal.</summary>
    public TimeSpan ExpirationDuration { get; set; }

    /// <summary>The number of subscriptions, expired ones included until the next notification.</summary>
    public int Count => _observers.Count;

    /// <summary>The current observers.</summary>
    public IEnumerable<TObserver> Observers => _observers.Values.Select(v => v.Observer);

    /// <summary>Adds or renews a subscription.</summary>
    public void Subscribe(TIdentity id, TObserver observer) => _observers[id] = (observer, _time.GetUtcNow());

    /// <summary>Removes a subscription.</summary>
    public void Unsubscribe(TIdentity id) => _observers.Remove(id);

    /// <summary>Removes every subscription.</summary>
    public void Clear() => _observers.Clear();

    /// <summary>Removes subscriptions older than <see cref="ExpirationDuration"/>.</summary>
    public void ClearExpired()
    {
        var cutoff = _time.GetUtcNow() - ExpirationDuration;
        foreach (var (id, entry) in _observers.ToList())
        {
            if (entry.LastSeen < cutoff)
            {
                _observers.Remove(id);
                _logger.LogDebug("Observer {Observer} expired", id);
            }
        }
    }

    /// <summary>Calls every live observer (matching <paramref name="predicate"/>); drops those that fail.</summary>
    public async Task Notify(Func<TObserver, Task> notification, Func<TObserver, bool>? predicate = null)
    {
        ClearExpired();
        List<TIdentity>? failed = null;
        foreach (var (id, entry) in _observers.ToList())
        {
            if (predicate is not null && !predicate(entry.Observer))
            {
                continue;
            }
            try
            {
                await notification(entry.Observer);
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Observer {Observer} failed and is removed", id);
                (failed ??= []).Add(id);
            }
        }
        failed?.ForEach(id => _observers.Remove(id));
    }

    /// <summary>Calls every live observer synchronously (for one-way observer methods); drops those that throw.</summary>
    public void Notify(Action<TObserver> notification, Func<TObserver, bool>? predicate = null)
    {
        ClearExpired();
        List<TIdentity>? failed = null;
        foreach (var (id, entry) in _observers.ToList())
        {
            if (predicate is not null && !predicate(entry.Observer))
            {
                continue;
            }
            try
            {
                notification(entry.Observer);
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Observer {Observer} failed and is removed", id);
                (failed ??= []).Add(id);
            }
        }
        failed?.ForEach(id => _observers.Remove(id));
    }
}

/// <summary>An <see cref="ObserverManager{TIdentity, TObserver}"/> keyed by the observer reference itself.</summary>
public sealed class ObserverManager<TObserver>(TimeSpan expiration, ILogger logger, TimeProvider? time = null)
    where TObserver : notnull
{
    private readonly ObserverManager<TObserver, TObserver> _inner = new(expiration, logger, time);

    /// <summary>How long a subscription lives without renewal.</summary>
    public TimeSpan ExpirationDuration { get => _inner.ExpirationDuration; set => _inner.ExpirationDuration = value; }

    /// <summary>The number of subscriptions.</summary>
    public int Count => _inner.Count;

    /// <summary>The current observers.</summary>
    public IEnumerable<TObserver> Observers => _inner.Observers;

    /// <summary>Adds or renews a subscription.</summary>
    public void Subscribe(TObserver observer) => _inner.Subscribe(observer, observer);

    /// <summary>Removes a subscription.</summary>
    public void Unsubscribe(TObserver observer) => _inner.Unsubscribe(observer);

    /// <summary>Removes every subscription.</summary>
    public void Clear() => _inner.Clear();

    /// <summary>Removes expired subscriptions.</summary>
    public void ClearExpired() => _inner.ClearExpired();

    /// <summary>Calls every live observer; drops those that fail.</summary>
    public Task Notify(Func<TObserver, Task> notification, Func<TObserver, bool>? predicate = null) => _inner.Notify(notification, predicate);

    /// <summary>Calls every live observer synchronously; drops those that throw.</summary>
    public void Notify(Action<TObserver> notification, Func<TObserver, bool>? predicate = null) => _inner.Notify(notification, predicate);
}
