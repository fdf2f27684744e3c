using JobRuntime.GrainInterfaces;
using Orleans.Streams;

namespace JobRuntime.Silo.Tests;

/// <summary>The silo as its own OS process; an Orleans client in the test process, over the silo's gateway.</summary>
public sealed class ClientProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-client-").FullName;

    private string DatabasePath => Path.Combine(_directory, "silo.db");

    [Fact]
    public async Task A_client_calls_grains_gets_exceptions_and_receives_observer_callbacks_from_a_silo_process()
    {
        await using var silo = await SiloProcess.StartAsync(DatabasePath);
        await using var host = await OrleansClientHost.StartAsync(silo.GatewayAddress);
        var client = host.Client;

        var watcher = new Watcher();
        var greeter = client.GetGrain<IGreeterGrain>("ada");
        await greeter.Watch(client.CreateObjectReference<IGreetingWatcher>(watcher));
        Assert.Equal(new Greeting("Hello, ada!", 1), await greeter.Greet());
        await Until(() => watcher.Seen.Count == 1);
        Assert.Equal(1, watcher.Seen[0].Count);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetGrain<IGreeterGrain>(new string('x', 65)).Greet());
        Assert.Contains("1 to 64 printable characters", error.Message);
        Assert.Contains("GreeterGrain.Greet", error.StackTrace);
    }

    [Fact]
    public async Task A_client_keeps_its_durable_subscription_across_a_kill_9_and_restart_of_the_silo_process()
    {
        var gatewayPort = SiloProcess.FreePort();
        var silo = await SiloProcess.StartAsync(DatabasePath, gatewayPort);
        await using var host = await OrleansClientHost.StartAsync(silo.GatewayAddress);
        var client = host.Client;
        try
        {
            var seen = new Collector();
            await client.GetStreamProvider(JobStreams.Provider).GetStream<Greeting>(StreamId.Create("greetings", "grace")).SubscribeAsync(seen);
            var greeter = client.GetGrain<IGreeterGrain>("grace");
            for (var i = 0; i < 5; i++)
            {
                await greeter.Greet();
            }
            await Until(() => seen.Counts.Count == 5, () => $"before the kill, saw {string.Join(',', seen.Counts)}");

            await silo.KillAsync();
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(DatabasePath, gatewayPort);
            for (var i = 0; i < 5; i++)
            {
                // The client finds the gateway again by itself; calls fail until it has.
                await Eventually(() => client.GetGrain<IGreeterGrain>("grace").Greet());
            }
            await Until(() => seen.Counts.Count >= 10, () => $"after the restart, saw {string.Join(',', seen.Counts)}");
            await Task.Delay(300);
            Assert.Equal(Enumerable.Range(1, 10), seen.Counts);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static async Task Eventually(Func<Task> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task Until(Func<bool> condition, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within 90 s: {describe?.Invoke()}");
            }
            await Task.Delay(25);
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("JOBRUNTIME_TEST_KEEP") == "1")
        {
            return;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Watcher : IGreetingWatcher
    {
        private readonly List<Greeting> _seen = [];

        public List<Greeting> Seen
        {
            get { lock (_seen) { return [.. _seen]; } }
        }

        public void Greeted(Greeting greeting)
        {
            lock (_seen)
            {
                _seen.Add(greeting);
            }
        }
    }

    private sealed class Collector : IAsyncObserver<Greeting>
    {
        private readonly List<int> _counts = [];

        public List<int> Counts
        {
            get { lock (_counts) { return [.. _counts]; } }
        }

        public Task OnNextAsync(Greeting item, StreamSequenceToken? token = null)
        {
            lock (_counts)
            {
                _counts.Add(item.Count);
            }
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
