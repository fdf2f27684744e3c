using JobRuntime.Hosting;
using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Tests;

public sealed class HostingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static HostApplicationBuilder SiloBuilder(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.UseJobRuntimeSilo(silo => silo.AddMemoryGrainStorage());
        return builder;
    }

    [Fact]
    public async Task A_silo_on_the_generic_host_takes_its_response_timeout_from_configuration()
    {
        using var host = SiloBuilder(new() { ["JobRuntime:Messaging:ResponseTimeout"] = "00:00:00.300" }).Build();
        await host.StartAsync();
        try
        {
            var sleeper = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IHostSleeperGrain>("slow");

            var error = await Assert.ThrowsAsync<TimeoutException>(() => sleeper.Sleep(1_000).WaitAsync(Patience));

            Assert.Contains("within 00:00:00.3000000", error.Message);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_silo_in_a_web_application_serves_grains_and_binds_its_options()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["JobRuntime:Collection:CollectionAge"] = "00:42:00" });
        builder.UseJobRuntimeSilo(silo => silo.AddMemoryGrainStorage());
        await using var app = builder.Build();
        await app.StartAsync();
        try
        {
            Assert.Equal("pong", await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IHostSleeperGrain>("web").Ping());
            Assert.Equal(TimeSpan.FromMinutes(42), app.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_silo_binds_its_options_from_appsettings_json()
    {
        var contentRoot = Directory.CreateTempSubdirectory("jobruntime-appsettings-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(contentRoot.FullName, "appsettings.json"),
                """{ "JobRuntime": { "Messaging": { "ResponseTimeout": "00:00:07" }, "Collection": { "CollectionAge": "00:03:00" } } }""");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot.FullName });
            builder.Logging.ClearProviders();
            builder.UseJobRuntimeSilo(silo => silo.AddMemoryGrainStorage());

            using var host = builder.Build();

            Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout);
            Assert.Equal(TimeSpan.FromMinutes(3), host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
        }
        finally
        {
            contentRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public void Options_left_unconfigured_have_their_documented_defaults()
    {
        using var host = SiloBuilder([]).Build();

        var collection = host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(15), collection.CollectionAge);
        Assert.Equal(TimeSpan.FromMinutes(1), collection.CollectionQuantum);
        Assert.Equal(TimeSpan.FromSeconds(30), host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task Calling_UseJobRuntimeSilo_twice_adds_one_silo_and_applies_both_configurations()
    {
        var builder = SiloBuilder([]);
        var hostedServices = builder.Services.Count(d => d.ServiceType == typeof(IHostedService));

        builder.UseJobRuntimeSilo(silo => silo.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(9)));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            Assert.Equal(hostedServices, builder.Services.Count(d => d.ServiceType == typeof(IHostedService)));
            Assert.Equal(TimeSpan.FromSeconds(9), host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout);
            Assert.Equal("pong", await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IHostSleeperGrain>("twice").Ping());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("JobRuntime:Messaging:ResponseTimeout", "-00:00:01")]
    [InlineData("JobRuntime:Collection:CollectionAge", "00:00:00")]
    [InlineData("JobRuntime:Collection:CollectionQuantum", "-00:01:00")]
    [InlineData("JobRuntime:Silo:ShutdownTimeout", "00:00:00")]
    public async Task An_invalid_option_fails_the_silo_at_startup_naming_the_option(string option, string value)
    {
        using var host = SiloBuilder(new() { [option] = value }).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(option, error.Message);
    }

    [Fact]
    public async Task An_option_value_that_is_not_a_time_span_fails_the_silo_at_startup_naming_the_option()
    {
        using var host = SiloBuilder(new() { ["JobRuntime:Messaging:ResponseTimeout"] = "soon" }).Build();

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("JobRuntime:Messaging:ResponseTimeout", error.Message);
    }

    private static Task<TestCluster> StartWithCapturedLogs(ScopeCapturingLoggerProvider logs) =>
        TestCluster.StartAsync(o => o.ConfigureLogging = logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddProvider(logs);
        });

    private static CapturedLog GrainLog(ScopeCapturingLoggerProvider logs, string text) =>
        Assert.Single(logs.Logs, log => log.Category == typeof(HostLoggingGrain).FullName && log.Message == text);

    [Fact]
    public async Task A_log_written_by_grain_code_carries_the_grain_id_in_its_scope()
    {
        var logs = new ScopeCapturingLoggerProvider();
        await using var cluster = await StartWithCapturedLogs(logs);

        await cluster.GrainFactory.GetGrain<IHostLoggingGrain>("scoped").LogNow("now");

        Assert.Equal(["hostlogging/scoped"], GrainLog(logs, "now").GrainIds);
    }

    [Fact]
    public async Task A_log_written_in_OnActivateAsync_carries_the_grain_id_in_its_scope()
    {
        var logs = new ScopeCapturingLoggerProvider();
        await using var cluster = await StartWithCapturedLogs(logs);

        await cluster.GrainFactory.GetGrain<IHostLoggingGrain>("activating").LogNow("call");

        Assert.Equal(["hostlogging/activating"], GrainLog(logs, "activating activating").GrainIds);
    }

    [Fact]
    public async Task A_log_written_after_an_await_in_grain_code_carries_the_grain_id_in_its_scope()
    {
        var logs = new ScopeCapturingLoggerProvider();
        await using var cluster = await StartWithCapturedLogs(logs);

        await cluster.GrainFactory.GetGrain<IHostLoggingGrain>("scoped-later").LogAfterAwait("later");

        Assert.Equal(["hostlogging/scoped-later"], GrainLog(logs, "later").GrainIds);
    }

    [Fact]
    public async Task A_log_written_by_a_grain_called_by_a_grain_names_the_callee_innermost()
    {
        var logs = new ScopeCapturingLoggerProvider();
        await using var cluster = await StartWithCapturedLogs(logs);
        var callee = cluster.GrainFactory.GetGrain<IHostLoggingGrain>("callee");
        var caller = cluster.GrainFactory.GetGrain<IHostLoggingGrain>("caller");
        // Both active and idle: the call runs inline, under the caller's scope.
        await callee.LogNow("warm callee");
        await caller.LogNow("warm caller");

        await caller.AskToLog(callee, "relayed");

        Assert.Equal("hostlogging/callee", GrainLog(logs, "relayed").GrainIds[^1]);
    }

    [Fact]
    public async Task The_callers_own_logs_after_a_grain_call_carry_no_grain_scope()
    {
        var logs = new ScopeCapturingLoggerProvider();
        await using var cluster = await StartWithCapturedLogs(logs);
        var logger = cluster.Services.GetRequiredService<ILogger<HostingTests>>();

        await cluster.GrainFactory.GetGrain<IHostLoggingGrain>("before-caller-log").LogNow("grain");
        logger.LogInformation("caller");

        Assert.Empty(Assert.Single(logs.Logs, log => log.Message == "caller").GrainIds);
    }

    [Fact]
    public async Task Graceful_shutdown_runs_OnDeactivateAsync_with_the_shutting_down_reason()
    {
        var journal = new LifeJournal();
        await using var cluster = await TestCluster.StartAsync(o => o.ConfigureServices = s => s.AddSingleton(journal));
        await cluster.GrainFactory.GetGrain<ILifeGrain>("at-shutdown").ActivationId();

        await cluster.StopAsync();

        Assert.Contains("deactivate at-shutdown ShuttingDown", journal.Events);
    }

    [Fact]
    public async Task State_written_by_OnDeactivateAsync_at_shutdown_is_there_after_a_restart()
    {
        await using var cluster = await TestCluster.StartAsync();
        Assert.Equal(0, await cluster.GrainFactory.GetGrain<IHostShutdownGrain>("saver").SavedOnShutdown());

        await cluster.RestartAsync();

        Assert.Equal(1, await cluster.GrainFactory.GetGrain<IHostShutdownGrain>("saver").SavedOnShutdown());
    }

    [Fact]
    public async Task A_call_through_a_reference_of_a_stopped_silo_fails_with_SiloUnavailableException()
    {
        await using var cluster = await TestCluster.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IHostSleeperGrain>("after-stop");
        await grain.Ping();

        await cluster.StopAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.Ping());
    }
}
