using JobRuntime.Storage.Queues;

namespace JobRuntime.Queues.Tests.Backends;

/// <summary>One engine under test, started once per test class.</summary>
public interface IQueueBackend : IAsyncLifetime
{
    /// <summary>The driver every test of the class uses.</summary>
    IQueueDriver Driver { get; }

    /// <summary>The engine's spec for <c>jobrt queue</c>, without the queue name (e.g. <c>sqlite:/tmp/x.db</c>).</summary>
    string CliSpec(string queue);
}

/// <summary>Queue names unique to one test.</summary>
public static class QueueNames
{
    public static string Unique(string prefix = "q") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];
}
