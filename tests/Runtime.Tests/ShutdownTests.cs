using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>
/// A silo stopping while a grain is still activating, as happens when a reminder or a stream
/// delivery activates a grain during a restart.
/// </summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly ActivationGate _gate = new();
    private TestCluster _cluster = null!;
    private Task _call = null!;
    private Task _stopping = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(o =>
        {
            o.Configuration["JobRuntime:Silo:ShutdownTimeout"] = "00:00:15";
            o.ConfigureServices = services => services.AddSingleton(_gate);
        });
        _call = _cluster.GrainFactory.GetGrain<IGatedStartGrain>("a").Ping();
        await _gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _stopping = _cluster.StopAsync();
        // Time for the stop to ask every activation to deactivate (were it not done yet, the tests would pass without testing anything).
        await Task.Delay(200);
        _gate.Release.SetResult();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_still_activating_when_the_silo_stops_is_deactivated_once_its_activation_completes()
    {
        await _gate.Deactivated.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await _stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_call_waiting_for_that_activation_fails_with_SiloUnavailableException()
    {
        await Assert.ThrowsAsync<SiloUnavailableException>(() => _call.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
