using System.Collections.Concurrent;

namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// Reader connections kept open between reads. WAL lets them read while the writer commits; each
/// keeps its own prepared statements. <see cref="Invalidate"/> retires every connection opened so
/// far, for when the file was found corrupt, replaced or reopened.
/// </summary>
internal sealed class SqliteReadPool(SqliteConnectionFactory connections) : IDisposable
{
    // Enough idle readers for every core to read at once; more are opened under bursts and closed after.
    private static readonly int s_maxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentQueue<SqliteSession> _idle = new();
    private long _generation;
    private volatile bool _disposed;

    /// <summary>An idle reader of the current generation, or a newly opened one.</summary>
    public SqliteSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var generation = Interlocked.Read(ref _generation);
        while (_idle.TryDequeue(out var session))
        {
            if (session.Generation == generation)
            {
                return session;
            }
            session.Dispose();
        }
        return new SqliteSession(connections.OpenReader(), generation);
    }

    /// <summary>Gives a healthy reader back; readers of an older generation are closed.</summary>
    public void Return(SqliteSession session)
    {
        if (_disposed || session.Generation != Interlocked.Read(ref _generation) || _idle.Count >= s_maxIdle)
        {
            session.Dispose();
            return;
        }
        _idle.Enqueue(session);
        if (_disposed)
        {
            Invalidate();
        }
    }

    /// <summary>Retires every reader opened so far: idle ones close now, rented ones when returned.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        while (_idle.TryDequeue(out var session))
        {
            session.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Invalidate();
    }
}
