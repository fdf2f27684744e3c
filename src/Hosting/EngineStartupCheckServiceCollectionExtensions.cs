using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Hosting;

/// <summary>Registers an <see cref="EngineStartupCheck"/>.</summary>
internal static class EngineStartupCheckServiceCollectionExtensions
{
    public static IServiceCollection AddEngineStartupCheck(this IServiceCollection services, string engine, Func<CancellationToken, Task> check) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
            new EngineStartupCheck(engine, check, sp.GetRequiredService<ILogger<EngineStartupCheck>>()));
}
