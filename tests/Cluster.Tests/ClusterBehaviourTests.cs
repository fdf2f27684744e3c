using System.Net.Http.Json;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Cluster.Tests;

/// <summary>
/// What a cluster of two silo processes promises on a profile, read from one shared
/// <see cref="KillNineScenario"/> (a kill -9 and a restart), and a rolling restart of both silos.
/// </summary>
public abstract class ClusterBehaviourTests<TScenario>(TScenario scenario) : IClassFixture<TScenario>
    where TScenario : KillNineScenario
{
    [Fact]
    public async Task Two_silo_processes_and_a_client_form_one_cluster_that_shares_grain_state()
    {
        var first = await scenario.Cluster.Silos[0].Http.GetFromJsonAsync<Greeting>("/hello/shared");
        var second = await scenario.Cluster.Silos[1].Http.GetFromJsonAsync<Greeting>("/hello/shared");

        Assert.Equal(2, scenario.ActiveSilosAtStart);
        Assert.Equal(first!.Count + 1, second!.Count);
    }

    [Fact]
    public async Task Jobrt_joins_the_cluster_through_its_membership_table()
    {
        var variables = scenario.Cluster.Profile.Settings.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Cli.CliEnvironment(new StringReader(""), output, error) { GetVariable = name => variables.GetValueOrDefault(name) };

        var exitCode = await Cli.Cli.RunAsync(["list", "--user", "nobody-" + Guid.NewGuid().ToString("N")[..8]], environment);

        Assert.True(exitCode == 0, $"jobrt list exited with {exitCode}: {error}");
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Grain_state_survives_kill_9_of_the_silo_that_held_the_grain()
    {
        // Three greetings before the kill; a lost state would count from 1 again.
        Assert.True(scenario.CountAfterKill >= 4, $"The first greeting after the kill counted {scenario.CountAfterKill}.");
    }

    [Fact]
    public void A_reminder_keeps_firing_after_kill_9_and_after_the_silo_is_started_again()
    {
        var (atKill, afterKill, atRestart, afterRestart) = scenario.Beats;

        Assert.True(afterKill >= atKill + 2, $"Beats: {atKill} at the kill, {afterKill} after (heartbeat on the killed silo: {scenario.OnVictim[0]}).");
        Assert.True(atRestart >= afterKill, $"Beats went back from {afterKill} to {atRestart} when the silo came back.");
        Assert.True(afterRestart >= atRestart + 2, $"Beats: {atRestart} at the restart, {afterRestart} after.");
    }

    [Fact]
    public void A_stream_subscriber_on_the_client_keeps_receiving_after_a_silo_dies()
    {
        var received = scenario.Received.ToArray();

        Assert.Equal([1, 2], received.Take(2));
        Assert.All(scenario.GreetedAfterKill, count => Assert.Contains(count, received));
    }

    [Fact]
    public async Task A_rolling_restart_of_both_silos_loses_no_grain_state()
    {
        var cluster = scenario.Cluster;
        using var stop = new CancellationTokenSource();
        var counts = new List<int>();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                counts.Add((await cluster.GreetAsync("rolling")).Count);
            }
        });
        foreach (var silo in cluster.Silos.ToArray())
        {
            var before = counts.Count;
            await silo.StopAsync();
            await cluster.StartAgainAsync(silo);
            await cluster.WaitForActiveSilosAsync(2);
            await Eventually.ThatAsync(() => Task.FromResult(counts.Count > before + 2), TimeSpan.FromSeconds(120), "greetings after the restart");
        }
        await stop.CancelAsync();
        await load;

        Assert.True(counts.Count > 4);
        // Strictly increasing: a greeting lost or counted from a lost state would repeat a count.
        Assert.All(counts.Zip(counts.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"Count {pair.Second} came after {pair.First}."));
    }
}

public sealed class PostgreSqlClusterTests(PostgreSqlKillNineScenario scenario) : ClusterBehaviourTests<PostgreSqlKillNineScenario>(scenario);

public sealed class AzureStorageClusterTests(AzureStorageKillNineScenario scenario) : ClusterBehaviourTests<AzureStorageKillNineScenario>(scenario);
