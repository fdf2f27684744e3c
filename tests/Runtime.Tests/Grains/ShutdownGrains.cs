namespace JobRuntime.Tests.Grains;

/// <summary>Holds a grain's OnActivateAsync until the test releases it. Register one per test cluster.</summary>
public sealed class ActivationGate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Deactivated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public interface IGatedStartGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class GatedStartGrain(ActivationGate gate) : Grain, IGatedStartGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        gate.Entered.TrySetResult();
        await gate.Release.Task;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        gate.Deactivated.TrySetResult();
        return Task.CompletedTask;
    }

    public Task Ping() => Task.CompletedTask;
}
