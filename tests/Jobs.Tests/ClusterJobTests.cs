using System.Collections.Concurrent;
using System.Globalization;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace JobRuntime.Jobs.Tests;

/// <summary>
/// Jobs on two silos that share one SQLite file: both silos' task workers run a job's tasks, and a
/// silo that stops in the middle of a job loses none of them (its leases run out and the other
/// silo runs them), each task ending exactly once.
/// </summary>
public sealed class ClusterJobTests(ITestOutputHelper output)
{
    private const string Where = "where";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    // Which silo ran which task (a task may run again after its silo stopped; it ends once).
    private readonly ConcurrentDictionary<string, ConcurrentBag<int>> _ran = new();

    // A silo whose handler calls wait until the silo stops, so that it holds leases when it does.
    private volatile string? _held;

    [Fact]
    public async Task Both_silos_run_the_tasks_of_one_job_and_each_task_ends_once()
    {
        await using var fixture = await StartAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(2));

        // Many small jobs, to see where the job grains live (placement may keep them on one silo;
        // the tasks do not depend on it: they run where their chunks are, placed at random).
        var small = new List<Job>();
        for (var i = 0; i < 40; i++)
        {
            small.Add(await fixture.Jobs.CreateJobAsync("double", kind: ProgramKind.DotNet));
        }
        await Task.WhenAll(small.Select(async job =>
        {
            var results = new List<int>();
            await foreach (var result in job.RunAsync(Enumerable.Range(0, 10)))
            {
                results.Add(result.GetInt32());
            }
            Assert.Equal(Enumerable.Range(0, 10).Select(d => d * 2), results.Order());
        }));
        await ReportPlacementAsync(fixture, small.Select(j => j.Id));

        const int count = 3000;
        var job = await fixture.Jobs.CreateJobAsync(Where, kind: ProgramKind.DotNet);
        await using var live = await LiveResults.SubscribeAsync(fixture.Client, job.Id);
        var streamed = new List<int>();
        await foreach (var result in job.RunAsync(Enumerable.Range(0, count)).WithCancellation(new CancellationTokenSource(Patience).Token))
        {
            streamed.Add(result.GetInt32());
        }

        Assert.Equal(Enumerable.Range(0, count), streamed.Order());
        await AssertEndedOnceAsync(job, count);
        await live.WaitForAsync(count, output);
        var silos = fixture.Cluster.Silos.Select(s => s.Name).ToList();
        output.WriteLine($"Tasks run per silo: {string.Join(", ", silos.Select(s => $"{s}={RanOn(s)}"))}");
        Assert.All(silos, s => Assert.True(RanOn(s) > 0, $"Silo {s} ran no task of the job."));
        Assert.Equal(count, silos.Sum(RanOn)); // nothing ran twice: no silo stopped
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_silo_stopping_in_the_middle_of_a_job_loses_no_task(bool kill, bool victimPullsTheStream)
    {
        await using var fixture = await StartAsync(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(10));
        const int count = 2000;
        var job = await fixture.Jobs.CreateJobAsync(Where, kind: ProgramKind.DotNet);
        await using var live = await LiveResults.SubscribeAsync(fixture.Client, job.Id);

        // The stream provider has one queue, so one silo's pulling agent reads the whole log: the
        // victim is that silo (the agent moves to the survivor) or the other one.
        InProcessSiloHandle? puller = null;
        await WaitUntilAsync(async () =>
        {
            var pulling = new List<InProcessSiloHandle>();
            foreach (var silo in fixture.Cluster.Silos)
            {
                if (await RunningAgentsAsync(silo) > 0)
                {
                    pulling.Add(silo);
                }
            }
            puller = pulling.Count == 1 ? pulling[0] : null;
            return puller is not null;
        }, "one silo to run the stream's pulling agent");
        var victim = victimPullsTheStream ? puller! : fixture.Cluster.Silos.First(s => s != puller);
        var survivor = fixture.Cluster.Silos.First(s => s != victim);

        // Stop the victim once it has run tasks, with the job far from done, and with its task
        // calls held so that it surely holds leases when it stops.
        await job.SubmitTasksAsync(Enumerable.Range(0, count));
        await WaitUntilAsync(() => Task.FromResult(RanOn(victim.Name) >= 50), $"{victim.Name} to run 50 tasks");
        _held = victim.Name;
        var before = await job.GetInfoAsync();
        var jobOnVictim = await HostOfAsync(fixture, job.Id) == victim.SiloAddress;
        Assert.True(before.Finished < count / 2, $"The job was nearly done ({before.Finished} of {count}) before the silo stopped.");
        if (kill)
        {
            await fixture.Cluster.KillSiloAsync(victim);
        }
        else
        {
            await fixture.Cluster.StopSiloAsync(victim);
        }
        var ranBySurvivorAtStop = RanOn(survivor.Name);
        output.WriteLine($"{(kill ? "Killed" : "Stopped")} {victim.Name} (pulling the stream: {victimPullsTheStream}; the job grain on it: {jobOnVictim}) at {before.Finished} of {count} finished; it had run {RanOn(victim.Name)} tasks.");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        await WaitUntilAsync(async () =>
        {
            var call = System.Diagnostics.Stopwatch.StartNew();
            var info = await job.GetInfoAsync();
            slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
            return info.Finished == count;
        }, "every task to finish");
        output.WriteLine($"Every task finished {watch.Elapsed.TotalSeconds:0.0} s after the stop (slowest call to the job: {slowest.TotalSeconds:0.0} s).");
        await AssertEndedOnceAsync(job, count);
        Assert.True(RanOn(survivor.Name) > ranBySurvivorAtStop, "The remaining silo ran no task after the other stopped.");
        // The victim's tasks (at least those of its held calls) were given back at its stop, or their
        // leases ran out, and the survivor ran them.
        var again = 0;
        for (var i = 0; i < count; i++)
        {
            again += (await job.GetTaskAsync(i)).Attempts > 1 ? 1 : 0;
        }
        output.WriteLine($"Runs: {victim.Name}={RanOn(victim.Name)}, {survivor.Name}={RanOn(survivor.Name)}; {again} tasks leased twice");
        await live.WaitForAsync(count, output);
        var unsubscribing = System.Diagnostics.Stopwatch.StartNew();
        await live.DisposeAsync();
        output.WriteLine($"Unsubscribing took {unsubscribing.Elapsed.TotalSeconds:0.0} s.");
    }

    // Pulling agents running in a silo, asked of its stream provider.
    private static async Task<int> RunningAgentsAsync(InProcessSiloHandle silo)
    {
        var provider = (IControllable)silo.ServiceProvider.GetRequiredKeyedService<IStreamProvider>(JobStreams.Provider);
        return Convert.ToInt32(await provider.ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null!), CultureInfo.InvariantCulture);
    }

    private int RanOn(string silo) => _ran.TryGetValue(silo, out var ran) ? ran.Count : 0;

    private Task<JobsFixture> StartAsync(TimeSpan lease, TimeSpan work) =>
        JobsFixture.StartAsync(2, (siloName, silo) =>
        {
            // Small chunks (placed at random) and batches, so that both silos run tasks of one job.
            silo.AddJobs(o =>
            {
                o.BatchSize = 10;
                o.ChunkMaxTasks = 100;
                o.ResumeInterval = lease;
            });
            silo.AddTaskHandler<int, int>(Where, async (d, ct) =>
            {
                await Task.Delay(_held == siloName ? Timeout.InfiniteTimeSpan : work, ct);
                _ran.GetOrAdd(siloName, _ => []).Add(d);
                return d;
            });
        });

    // The job's log and counters: each task has one result, none an error.
    private static async Task AssertEndedOnceAsync(Job job, int count)
    {
        var logged = new List<Positioned<TaskResult>>();
        await foreach (var result in job.ReadResultsAsync())
        {
            logged.Add(result);
        }
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), logged.Select(r => r.Item.Index).Order());
        Assert.Equal(logged.Count, logged.Select(r => r.Position).Distinct().Count());
        var errors = new List<Positioned<TaskFailure>>();
        await foreach (var error in job.ReadErrorsAsync())
        {
            errors.Add(error);
        }
        Assert.Empty(errors);
        var info = await job.GetInfoAsync();
        Assert.Equal((count, count, 0), (info.Total, info.Finished, info.Failed));
    }

    private async Task ReportPlacementAsync(JobsFixture fixture, IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToHashSet();
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        var perSilo = statistics
            .Where(s => ids.Contains(s.GrainId.Key.ToString()!))
            .GroupBy(s => s.SiloAddress)
            .Select(g => $"{g.Key}={g.Count()}");
        output.WriteLine($"Job grains per silo: {string.Join(", ", perSilo)}");
    }

    private static async Task<SiloAddress?> HostOfAsync(JobsFixture fixture, string jobId)
    {
        var statistics = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.FirstOrDefault(s => s.GrainId.Key.ToString() == jobId)?.SiloAddress;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// A live subscription to a job's results from the client (<see cref="Job.SubscribeResultsAsync"/>),
    /// keeping every delivery, so that a gap or a repeated delivery shows.
    /// </summary>
    private sealed class LiveResults : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(long Position, long Index)> _deliveries = new();
        private readonly CancellationTokenSource _stop = new();
        private JobEventStream<TaskResult>? _subscription;
        private Task _pump = Task.CompletedTask;

        public static async Task<LiveResults> SubscribeAsync(IClusterClient client, string jobId)
        {
            var live = new LiveResults();
            live._subscription = await new JobClient(client).OpenJob(jobId).SubscribeResultsAsync(after: 0);
            live._pump = Task.Run(async () =>
            {
                await foreach (var result in live._subscription.WithCancellation(live._stop.Token))
                {
                    live._deliveries.Enqueue((result.Position, result.Item.Index));
                }
            });
            return live;
        }

        // Waits until every task's result arrived; each arrives once, at its own position.
        public async Task WaitForAsync(int count, ITestOutputHelper output)
        {
            await WaitUntilAsync(() => Task.FromResult(_deliveries.Select(d => d.Index).Distinct().Count() >= count), $"the live subscriber to see {count} results");
            var deliveries = _deliveries.ToArray();
            var byIndex = deliveries.GroupBy(d => d.Index).ToList();
            Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), byIndex.Select(g => g.Key).Order());
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), deliveries.Select(d => d.Position));
            output.WriteLine($"Live subscriber: {deliveries.Length} deliveries of {count} results");
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _pump;
            }
            catch (OperationCanceledException)
            {
            }
            if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
            {
                await subscription.DisposeAsync();
            }
        }
    }
}
