namespace JobRuntime.Tests.Grains;

/// <summary>A grain interface that no grain class implements.</summary>
public interface IBadOrphanGrain : IGrainWithStringKey
{
    Task Ping();
}

public interface IBadGuidGrain : IGrainWithGuidKey
{
    Task<Guid> Key();
}

public sealed class BadGuidGrain : Grain, IBadGuidGrain
{
    public Task<Guid> Key() => Task.FromResult(this.GetPrimaryKey());
}

public interface IBadIntegerGrain : IGrainWithIntegerKey
{
    Task<long> Key();
}

public sealed class BadIntegerGrain : Grain, IBadIntegerGrain
{
    public Task<long> Key() => Task.FromResult(this.GetPrimaryKeyLong());
}

/// <summary>A linked node: two nodes pointing at each other make a cycle.</summary>
public sealed class BadNode
{
    public string Name { get; set; } = "";

    public BadNode? Next { get; set; }
}

/// <summary>Carries a delegate, which has no JSON form.</summary>
public sealed class BadCallbackHolder
{
    public Func<int>? Callback { get; set; }
}

public interface IBadInputGrain : IGrainWithStringKey
{
    Task<string> Ping();

    Task<int> Calls();

    Task<int> TakeNode(string label, BadNode node);

    Task<int> TakeCallback(BadCallbackHolder holder);

    Task<BadNode> GiveCycle();
}

public sealed class BadInputGrain : Grain, IBadInputGrain
{
    private int _calls;

    public Task<string> Ping() => Task.FromResult("pong");

    public Task<int> Calls() => Task.FromResult(_calls);

    public Task<int> TakeNode(string label, BadNode node) => Task.FromResult(++_calls);

    public Task<int> TakeCallback(BadCallbackHolder holder) => Task.FromResult(++_calls);

    public Task<BadNode> GiveCycle()
    {
        var first = new BadNode { Name = "first" };
        first.Next = new BadNode { Name = "second", Next = first };
        return Task.FromResult(first);
    }
}

/// <summary>Decides whether <see cref="BadActivationGrain"/> fails to activate; registered by the tests.</summary>
public sealed class BadActivationSwitch
{
    public volatile bool Fail = true;
}

public sealed class BadActivationFailure(string message) : Exception(message);

public interface IBadActivationGrain : IGrainWithStringKey
{
    Task<string> Ping();
}

public sealed class BadActivationGrain(BadActivationSwitch activation) : Grain, IBadActivationGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (activation.Fail)
        {
            throw new BadActivationFailure($"{GrainId.Key} refuses to start");
        }
    }

    public Task<string> Ping() => Task.FromResult("pong");
}

/// <summary>A service nobody registers.</summary>
public interface IBadUnregisteredService;

public interface IBadConstructorGrain : IGrainWithStringKey
{
    Task<string> Ping();
}

public sealed class BadConstructorGrain(IBadUnregisteredService missingService) : Grain, IBadConstructorGrain
{
    public Task<string> Ping() => Task.FromResult(missingService.ToString() ?? "");
}
