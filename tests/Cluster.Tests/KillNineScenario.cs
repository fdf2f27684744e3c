using System.Collections.Concurrent;
using JobRuntime.GrainInterfaces;
using Orleans.Streams;

namespace JobRuntime.Cluster.Tests;

/// <summary>
/// One run of "kill -9 a silo, then start it again" on a two-silo cluster, shared by the tests of
/// a profile (each asserts one thing it recorded). Before the kill: a greeter counted to 3, a
/// heartbeat reminder beating every second, and a client subscribed to a greeter's stream, all
/// on the silo that is then killed where placement allows. After the kill: the same grains are
/// called again through the surviving silo; then the killed silo is started again.
/// </summary>
public abstract class KillNineScenario : IAsyncLifetime
{
    private const string StreamNamespace = "greetings";

    private TwoSiloCluster? _cluster;

    public TwoSiloCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    /// <summary>Active silos in the membership table when the cluster had formed.</summary>
    public int ActiveSilosAtStart { get; private set; }

    /// <summary>The count of the first greeting after the kill (3 greetings before it).</summary>
    public int CountAfterKill { get; private set; }

    /// <summary>Heartbeats counted when the silo was killed, once the survivor took over, and once it was back.</summary>
    public (int AtKill, int AfterKill, int AtRestart, int AfterRestart) Beats { get; private set; }

    /// <summary>The counts the client's stream subscriber received, in order.</summary>
    public ConcurrentQueue<int> Received { get; } = new();

    /// <summary>The counts of the watched greeter's greetings given after the kill.</summary>
    public List<int> GreetedAfterKill { get; } = [];

    /// <summary>Whether placement put the heartbeat and the watched greeter on the killed silo (the greeter "ada" always is).</summary>
    public bool[] OnVictim { get; private set; } = [];

    protected abstract Task<ClusterProfile> ProfileAsync();

    public async Task InitializeAsync()
    {
        _cluster = await TwoSiloCluster.StartAsync(await ProfileAsync());
        ActiveSilosAtStart = (await Cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;

        var greeter = Cluster.Client.GetGrain<IGreeterGrain>("ada");
        for (var i = 0; i < 3; i++)
        {
            await greeter.Greet();
        }
        var victim = await Cluster.HostOfAsync(greeter);
        var heartbeat = await GrainOnAsync<IHeartbeatGrain>(victim, "heartbeat", g => g.GetBeats());
        var watched = await GrainOnAsync<IGreeterGrain>(victim, "watched", g => g.GetCount());
        OnVictim = [(await Cluster.HostOfAsync(heartbeat)) == victim, (await Cluster.HostOfAsync(watched)) == victim];
        var stream = Cluster.Client.GetStreamProvider(JobStreams.Provider).GetStream<Greeting>(StreamId.Create(StreamNamespace, watched.GetPrimaryKeyString()));
        await stream.SubscribeAsync((greeting, _) =>
        {
            Received.Enqueue(greeting.Count);
            return Task.CompletedTask;
        });
        await watched.Greet();
        await watched.Greet();
        await Eventually.ThatAsync(() => Task.FromResult(Received.Count >= 2), TimeSpan.FromSeconds(120), "the subscriber to receive 2 greetings");
        await heartbeat.Start(TimeSpan.FromSeconds(1));
        await Eventually.ThatAsync(async () => await heartbeat.GetBeats() >= 2, TimeSpan.FromSeconds(120), "2 heartbeats");

        var atKill = await heartbeat.GetBeats();
        await Cluster.KillAsync(victim);
        CountAfterKill = (await Cluster.GreetAsync("ada")).Count;
        GreetedAfterKill.Add((await Cluster.GreetAsync(watched.GetPrimaryKeyString())).Count);
        GreetedAfterKill.Add((await Cluster.GreetAsync(watched.GetPrimaryKeyString())).Count);
        var afterKill = await WaitForBeatsAsync(heartbeat, atKill + 2);

        await Cluster.StartAgainAsync(victim);
        await Cluster.WaitForActiveSilosAsync(2);
        var atRestart = await Eventually.ResultAsync(heartbeat.GetBeats, TimeSpan.FromSeconds(60), "the heartbeat's count");
        var afterRestart = await WaitForBeatsAsync(heartbeat, atRestart + 2);
        Beats = (atKill, afterKill, atRestart, afterRestart);
        await Eventually.ThatAsync(() => Task.FromResult(GreetedAfterKill.All(Received.Contains)), TimeSpan.FromSeconds(180),
            "the subscriber to receive the greetings given after the kill");
        await heartbeat.Stop();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    // A grain of the victim silo when placement puts one there within a few keys; else the first.
    private async Task<T> GrainOnAsync<T>(ClusterSilo victim, string prefix, Func<T, Task> activate) where T : IGrainWithStringKey
    {
        T? first = default;
        for (var i = 0; i < 24; i++)
        {
            var grain = Cluster.Client.GetGrain<T>($"{prefix}-{i}");
            first ??= grain;
            await activate(grain);
            if (await Cluster.HostOfAsync(grain) == victim)
            {
                return grain;
            }
        }
        return first!;
    }

    private static async Task<int> WaitForBeatsAsync(IHeartbeatGrain heartbeat, int atLeast)
    {
        var beats = 0;
        await Eventually.ThatAsync(async () => (beats = await heartbeat.GetBeats()) >= atLeast, TimeSpan.FromSeconds(180), $"{atLeast} heartbeats");
        return beats;
    }
}

public sealed class PostgreSqlKillNineScenario : KillNineScenario
{
    protected override Task<ClusterProfile> ProfileAsync() => ClusterProfile.PostgreSqlAsync();
}

public sealed class AzureStorageKillNineScenario : KillNineScenario
{
    protected override Task<ClusterProfile> ProfileAsync() => ClusterProfile.AzureStorageAsync();
}
