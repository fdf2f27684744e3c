namespace JobRuntime.GrainInterfaces;

/// <summary>
/// The smallest useful grain: it greets by name, remembers durably how often it greeted, tells
/// watchers, and publishes each greeting to the stream ("greetings", name) of the "jobs" provider.
/// The silo's <c>/hello/{name}</c> endpoint calls it; the README uses it as the first example.
/// </summary>
[Alias("JobRuntime.IGreeterGrain")]
public interface IGreeterGrain : IGrainWithStringKey
{
    /// <summary>Greets the grain's key and counts the greeting.</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 characters or has control characters.</exception>
    [Alias("Greet")]
    Task<Greeting> Greet();

    /// <summary>How many greetings this grain has given.</summary>
    [Alias("GetCount")]
    Task<int> GetCount();

    /// <summary>Adds (or renews) a watcher told of every greeting; watchers expire after 5 minutes unless renewed.</summary>
    [Alias("Watch")]
    Task Watch(IGreetingWatcher watcher);
}

/// <summary>Told of greetings (see <see cref="IGreeterGrain.Watch"/>).</summary>
[Alias("JobRuntime.IGreetingWatcher")]
public interface IGreetingWatcher : IGrainObserver
{
    /// <summary>A greeting was given.</summary>
    [Alias("Greeted")]
    void Greeted(Greeting greeting);
}

/// <summary>A greeting and how many came before it, this one included.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Greeting")]
public sealed record Greeting(string Text, int Count);
