namespace JobRuntime.GrainInterfaces;

/// <summary>
/// The smallest useful grain: it greets by name and remembers, durably, how often it greeted.
/// The silo's <c>/hello/{name}</c> endpoint calls it; the README uses it as the first example.
/// </summary>
public interface IGreeterGrain : IGrainWithStringKey
{
    /// <summary>Greets the grain's key and counts the greeting.</summary>
    Task<Greeting> Greet();

    /// <summary>How many greetings this grain has given.</summary>
    Task<int> GetCount();
}

/// <summary>A greeting and how many came before it, this one included.</summary>
public sealed record Greeting(string Text, int Count);
