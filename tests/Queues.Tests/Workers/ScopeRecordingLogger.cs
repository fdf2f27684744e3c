using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Queues.Tests.Workers;

/// <summary>A logger that records every line with the key-value pairs of its scopes.</summary>
internal sealed class ScopeRecordingLogger : ILogger
{
    private readonly AsyncLocal<ImmutableScope?> _scope = new();

    public ConcurrentQueue<(string Message, IReadOnlyDictionary<string, object> Scope)> Lines { get; } = new();

    public IDisposable BeginScope<TState>(TState state) where TState : notnull
    {
        var parent = _scope.Value;
        var pairs = new Dictionary<string, object>(parent?.Pairs ?? new Dictionary<string, object>());
        if (state is IEnumerable<KeyValuePair<string, object>> kv)
        {
            foreach (var (k, v) in kv)
            {
                pairs[k] = v;
            }
        }
        _scope.Value = new ImmutableScope(pairs);
        return new Pop(() => _scope.Value = parent);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((formatter(state, exception), _scope.Value?.Pairs ?? new Dictionary<string, object>()));

    private sealed record ImmutableScope(IReadOnlyDictionary<string, object> Pairs);

    private sealed class Pop(Action pop) : IDisposable
    {
        public void Dispose() => pop();
    }
}
