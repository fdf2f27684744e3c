using Microsoft.Extensions.Logging;

namespace JobRuntime.Hosting;

/// <summary>
/// Runs a profile's start-up work (reach the engine, apply the schema) before anything else of
/// the silo starts, so that a silo without its engine stops at once with a clear message rather
/// than retrying inside Orleans' providers.
/// </summary>
internal sealed partial class EngineStartupCheck(string engine, Func<CancellationToken, Task> check, ILogger<EngineStartupCheck> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EngineStartupCheck), ServiceLifecycleStage.First, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await check(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterEngineUnreachableException e)
        {
            LogUnreachable(logger, e.Message);
            throw;
        }
        LogReady(logger, engine);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot start. {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cluster engine {Engine} is reachable.")]
    private static partial void LogReady(ILogger logger, string engine);
}
