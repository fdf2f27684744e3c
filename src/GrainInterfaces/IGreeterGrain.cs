namespace JobRuntime.GrainInterfaces;

/// <summary>
/// The smallest useful grain: it greets by name, remembers durably how often it greeted, tells
/// watchers, and publishes each greeting to the durable stream ("greetings", name). The silo's
/// <c>/hello/{name}</c> endpoint calls it; the README uses it as the first example.
/// </summary>
public interface IGreeterGrain : IGrainWithStringKey
{
    /// <summary>Greets the grain's key and counts the greeting.</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 characters or has control characters.</exception>
    Task<Greeting> Greet();

    /// <summary>How many greetings this grain has given.</summary>
    Task<int> GetCount();

    /// <summary>Adds (or renews) a watcher told of every greeting; watchers expire after 5 minutes unless renewed.</summary>
    Task Watch(IGreetingWatcher watcher);
}

/// <summary>Told of greetings (see <see cref="IGreeterGrain.Watch"/>).</summary>
public interface IGreetingWatcher : IGrainObserver
{
    /// <summary>A greeting was given.</summary>
    void Greeted(Greeting greeting);
}

/// <summary>A greeting and how many came before it, this one included.</summary>
public sealed record Greeting(string Text, int Count);
