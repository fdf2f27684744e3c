using JobRuntime.Testing;
using JobRuntime.Tests.Grains;

namespace JobRuntime.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_counter_keeps_its_value_across_a_restart()
    {
        await using var cluster = await TestCluster.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("a");
        Assert.Equal(2, await counter.Add(2));
        Assert.Equal(5, await counter.Add(3));
        await cluster.RestartAsync();
        Assert.Equal(5, await cluster.GrainFactory.GetGrain<ICounterGrain>("a").Get());
    }
}
