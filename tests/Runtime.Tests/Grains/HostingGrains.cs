using Microsoft.Extensions.Logging;

namespace JobRuntime.Tests.Grains;

public interface IHostSleeperGrain : IGrainWithStringKey
{
    Task<string> Ping();

    Task Sleep(int milliseconds);
}

public sealed class HostSleeperGrain : Grain, IHostSleeperGrain
{
    public Task<string> Ping() => Task.FromResult("pong");

    public Task Sleep(int milliseconds) => Task.Delay(milliseconds);
}

public interface IHostLoggingGrain : IGrainWithStringKey
{
    Task LogNow(string text);

    Task LogAfterAwait(string text);

    Task AskToLog(IHostLoggingGrain other, string text);
}

public sealed class HostLoggingGrain(ILogger<HostLoggingGrain> logger) : Grain, IHostLoggingGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("{Text}", "activating " + GrainId.Key);
        return Task.CompletedTask;
    }

    public Task LogNow(string text)
    {
        logger.LogInformation("{Text}", text);
        return Task.CompletedTask;
    }

    public async Task LogAfterAwait(string text)
    {
        await Task.Delay(1);
        logger.LogInformation("{Text}", text);
    }

    public Task AskToLog(IHostLoggingGrain other, string text) => other.LogAfterAwait(text);
}

public sealed class HostShutdownState
{
    public int SavedOnShutdown { get; set; }
}

public interface IHostShutdownGrain : IGrainWithStringKey
{
    Task<int> SavedOnShutdown();
}

/// <summary>Writes its state from OnDeactivateAsync when the silo shuts down.</summary>
public sealed class HostShutdownGrain([PersistentState("shutdown")] IPersistentState<HostShutdownState> state) : Grain, IHostShutdownGrain
{
    public Task<int> SavedOnShutdown() => Task.FromResult(state.State.SavedOnShutdown);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.Code == DeactivationReasonCode.ShuttingDown)
        {
            state.State.SavedOnShutdown++;
            await state.WriteStateAsync();
        }
    }
}
