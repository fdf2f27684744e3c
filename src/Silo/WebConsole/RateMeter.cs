namespace JobRuntime.Silo.WebConsole;

/// <summary>Tasks per second of each job, from the change of its ended-task count between two readings.</summary>
internal sealed class RateMeter(TimeProvider time)
{
    private readonly Dictionary<string, (long Ended, long At)> _last = [];

    /// <summary>The rate since the job's previous reading (0 at the first).</summary>
    public double Next(string id, long ended)
    {
        var now = time.GetTimestamp();
        var rate = 0.0;
        if (_last.TryGetValue(id, out var last))
        {
            var seconds = time.GetElapsedTime(last.At, now).TotalSeconds;
            rate = seconds > 0 ? Math.Max(0, ended - last.Ended) / seconds : 0;
        }
        _last[id] = (ended, now);
        return rate;
    }

    /// <summary>Forgets jobs not in <paramref name="ids"/>.</summary>
    public void Keep(IReadOnlySet<string> ids)
    {
        foreach (var id in _last.Keys.Where(k => !ids.Contains(k)).ToList())
        {
            _last.Remove(id);
        }
    }
}
