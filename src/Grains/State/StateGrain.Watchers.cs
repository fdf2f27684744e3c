using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Grains.State;

internal sealed partial class StateGrain
{
    private readonly Dictionary<Guid, DateTimeOffset> _watchers = [];

    public Task<TimeSpan> Watch(Guid watcherId)
    {
        _watchers[watcherId] = time.GetUtcNow() + _options.WaiterExpiry;
        return Task.FromResult(_options.WaiterExpiry);
    }

    public Task Unwatch(Guid watcherId)
    {
        _watchers.Remove(watcherId);
        return Task.CompletedTask;
    }

    /// <summary>Whether updates go to the stream: someone reads it, or the options say always.</summary>
    private bool IsWatched()
    {
        if (_options.PublishUnwatched)
        {
            return true;
        }
        var now = time.GetUtcNow();
        foreach (var (id, expires) in _watchers)
        {
            if (expires <= now)
            {
                _watchers.Remove(id);
            }
        }
        return _watchers.Count > 0;
    }
}
