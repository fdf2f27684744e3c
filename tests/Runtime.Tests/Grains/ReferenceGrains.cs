namespace JobRuntime.Tests.Grains;

/// <summary>A string-keyed grain that keeps a number in memory and reports which activation answered.</summary>
public interface IRefTargetGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<string> Key();

    Task<Guid> ActivationId();

    Task Deactivate();
}

public sealed class RefTargetGrain : Grain, IRefTargetGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _total;

    public Task<int> Add(int amount) => Task.FromResult(_total += amount);

    public Task<string> Key() => Task.FromResult(this.GetPrimaryKeyString());

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>A message that carries a grain reference inside a plain object.</summary>
public sealed class RefEnvelope
{
    public string Note { get; set; } = "";

    public IRefTargetGrain? Target { get; set; }
}

/// <summary>Holds references given to it and calls through them later.</summary>
public interface IRefHolderGrain : IGrainWithStringKey
{
    Task Remember(IRefTargetGrain target);

    Task<int> AddThroughRemembered(int amount);

    Task<int> AddThrough(IRefTargetGrain target, int amount);

    Task<int> AddThroughEnvelope(RefEnvelope envelope, int amount);

    Task<IRefTargetGrain> Remembered();
}

public sealed class RefHolderGrain : Grain, IRefHolderGrain
{
    private IRefTargetGrain? _remembered;

    public Task Remember(IRefTargetGrain target)
    {
        _remembered = target;
        return Task.CompletedTask;
    }

    public Task<int> AddThroughRemembered(int amount) =>
        (_remembered ?? throw new InvalidOperationException("Nothing remembered.")).Add(amount);

    public Task<int> AddThrough(IRefTargetGrain target, int amount) => target.Add(amount);

    public Task<int> AddThroughEnvelope(RefEnvelope envelope, int amount) =>
        (envelope.Target ?? throw new InvalidOperationException("The envelope has no target.")).Add(amount);

    public Task<IRefTargetGrain> Remembered() =>
        Task.FromResult(_remembered ?? throw new InvalidOperationException("Nothing remembered."));
}

/// <summary>A Guid-keyed grain that reports its key as the grain sees it.</summary>
public interface IRefGuidGrain : IGrainWithGuidKey
{
    Task<Guid> Key();
}

public sealed class RefGuidGrain : Grain, IRefGuidGrain
{
    public Task<Guid> Key() => Task.FromResult(this.GetPrimaryKey());
}

/// <summary>An integer-keyed grain that reports its key as the grain sees it.</summary>
public interface IRefIntegerGrain : IGrainWithIntegerKey
{
    Task<long> Key();
}

public sealed class RefIntegerGrain : Grain, IRefIntegerGrain
{
    public Task<long> Key() => Task.FromResult(this.GetPrimaryKeyLong());
}

/// <summary>An interface with two grain classes: references choose one by class name prefix.</summary>
public interface IRefShapeGrain : IGrainWithStringKey
{
    Task<string> Name();
}

public sealed class RefCircleGrain : Grain, IRefShapeGrain
{
    public Task<string> Name() => Task.FromResult("circle");
}

public sealed class RefSquareGrain : Grain, IRefShapeGrain
{
    public Task<string> Name() => Task.FromResult("square");
}
