using JobRuntime.Grains.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Hosting;

/// <summary>Adds the crawling platform (Scrapy Cloud compatible) to a silo.</summary>
public static class PlatformSiloBuilderExtensions
{
    /// <summary>
    /// Adds the platform: its stores in the silo's SQLite file, the spider runner and options from
    /// <c>JobRuntime:Platform</c>. The project, job, collection and frontier-slot grains come with
    /// this assembly. Idempotent.
    /// </summary>
    public static ISiloBuilder AddPlatform(this ISiloBuilder silo, Action<PlatformOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        var options = services.AddOptions<PlatformOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        if (services.Any(d => d.ServiceType == typeof(PlatformSpiderRunner)))
        {
            return silo;
        }
        options.Bind(silo.Configuration.GetSection(PlatformOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformOptions>, PlatformOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PlatformSpiderRunner>();
        silo.AddSqlitePlatformStores();
        return silo;
    }

    /// <summary>Registers a .NET spider: the program of spiders deployed as <c>{"type":"dotnet","handler":"name"}</c>.</summary>
    public static ISiloBuilder AddSpider(this ISiloBuilder silo, string name, Func<PlatformSpiderContext, CancellationToken, Task> run)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(run);
        silo.Services.AddSingleton(new PlatformSpiderRegistration(name, run));
        return silo;
    }
}
