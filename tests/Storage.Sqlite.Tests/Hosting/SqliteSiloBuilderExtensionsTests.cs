using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace JobRuntime.Sqlite.Tests.Hosting;

public sealed class SqliteSiloBuilderExtensionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IHost Build(Action<ISiloBuilder> configure, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }

    [Fact]
    public void UseSqlite_registers_the_default_and_PubSubStore_grain_storage_and_the_reminder_table()
    {
        using var host = Build(silo => silo.UseSqlite(o => o.DataSource = _folder.File("silo.db")));
        var services = host.Services;

        Assert.IsType<SqliteGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<SqliteGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("PubSubStore"));
        Assert.Same(services.GetRequiredKeyedService<IGrainStorage>("Default"), services.GetRequiredService<IGrainStorage>());
        Assert.IsType<SqliteReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.NotNull(services.GetRequiredService<SqliteStreamStore>());
    }

    [Fact]
    public void Calling_the_extensions_again_registers_each_service_once()
    {
        using var host = Build(silo => silo
            .UseSqlite()
            .UseSqlite()
            .AddSqliteGrainStorage("Archive")
            .AddSqliteGrainStorage("Archive")
            .AddSqliteGrainStorageAsDefault()
            .UseSqliteReminderService());
        var services = host.Services;

        Assert.Single(services.GetServices<SqliteDatabase>());
        Assert.Single(services.GetServices<IReminderTable>());
        Assert.Single(services.GetKeyedServices<IGrainStorage>("Default"));
        Assert.Single(services.GetKeyedServices<IGrainStorage>("Archive"));
        Assert.Single(services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<Orleans.Hosting.SqliteFlushOnStop>());
    }

    [Fact]
    public void Named_grain_storages_share_the_one_database()
    {
        using var host = Build(silo => silo.AddSqliteDatabase(o => o.DataSource = _folder.File("silo.db")).AddSqliteGrainStorage("Archive"));

        Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("Archive"));
        Assert.Null(host.Services.GetKeyedService<IGrainStorage>("Default"));
        Assert.Single(host.Services.GetServices<SqliteDatabase>());
    }

    [Fact]
    public void Options_come_from_the_JobRuntime_Sqlite_section_and_code_configures_after_it()
    {
        var settings = new Dictionary<string, string?>
        {
            ["JobRuntime:Sqlite:DataSource"] = _folder.File("configured.db"),
            ["JobRuntime:Sqlite:BusyTimeout"] = "00:00:09",
            ["JobRuntime:Sqlite:WriteBatchSize"] = "100",
        };
        using var host = Build(silo => silo.UseSqlite(o => o.WriteBatchSize = 64), settings);

        var options = host.Services.GetRequiredService<IOptions<SqliteOptions>>().Value;
        var database = host.Services.GetRequiredService<SqliteDatabase>();

        Assert.Equal((TimeSpan.FromSeconds(9), 64), (options.BusyTimeout, options.WriteBatchSize));
        Assert.Equal(_folder.File("configured.db"), database.FilePath);
    }

    [Fact]
    public async Task Invalid_options_fail_the_start_naming_the_option_and_value()
    {
        using var host = Build(silo => silo.UseSqlite(o => o.WriteBatchSize = 0));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("JobRuntime:Sqlite:WriteBatchSize 0", error.Message);
    }
}
