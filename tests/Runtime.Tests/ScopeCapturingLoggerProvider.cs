using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Tests;

/// <summary>A log entry with the scopes that were active when it was written, outermost first.</summary>
public sealed record CapturedLog(string Category, string Message, IReadOnlyList<object?> Scopes)
{
    /// <summary>The "GrainId" values of the entry's structured scopes, outermost first.</summary>
    public IReadOnlyList<string> GrainIds =>
        [.. Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>()
            .SelectMany(scope => scope)
            .Where(pair => pair.Key == "GrainId")
            .Select(pair => pair.Value.ToString() ?? "")];
}

/// <summary>Records every log entry with its scopes, as read from the logger factory's scope provider.</summary>
public sealed class ScopeCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(ScopeCapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            owner._scopes.ForEachScope(static (scope, list) => list.Add(scope), scopes);
            owner.Logs.Enqueue(new CapturedLog(category, formatter(state, exception), scopes));
        }
    }
}
