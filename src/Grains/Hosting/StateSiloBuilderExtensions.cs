using JobRuntime.Grains.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Hosting;

/// <summary>Adds reactive shared states (<see cref="GrainInterfaces.State.IStateGrain"/>) to a silo.</summary>
public static class StateSiloBuilderExtensions
{
    /// <summary>
    /// Adds states (options from <c>JobRuntime:State</c>). They are kept in the silo's default grain
    /// storage, whichever it is, and publish their updates to the stream provider
    /// <see cref="GrainInterfaces.State.StateStreams.Provider"/> when the silo has one. Idempotent.
    /// </summary>
    public static ISiloBuilder AddState(this ISiloBuilder silo, Action<StateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = silo.Services.AddOptions<StateOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        if (silo.Services.Any(d => d.ServiceType == typeof(IValidateOptions<StateOptions>)))
        {
            return silo;
        }
        options.Bind(silo.Configuration.GetSection(StateOptions.SectionName)).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StateOptions>, StateOptionsValidator>());
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
