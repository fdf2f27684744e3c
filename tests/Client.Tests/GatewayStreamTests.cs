using JobRuntime.Streams;

namespace JobRuntime.Client.Tests;

public sealed class GatewayStreamTests
{
    [Theory]
    [InlineData("memory")]
    [InlineData("durable")]
    public async Task A_client_subscriber_receives_events_a_grain_publishes(string provider)
    {
        await using var fixture = await ClientFixture.StartAsync();
        var collector = new Collector<int>();
        await fixture.Client.GetStreamProvider(provider).GetStream<int>(StreamId.Create("numbers", "p")).SubscribeAsync(collector);
        await fixture.Client.GetGrain<IPublisherGrain>("p").Publish(provider, 0, 100);
        await collector.WaitForCountAsync(100);
        Assert.Equal(Enumerable.Range(0, 100), collector.Items);
    }

    [Fact]
    public async Task A_client_publishes_to_a_stream_that_another_client_reads()
    {
        await using var fixture = await ClientFixture.StartAsync();
        await using var reader = new ClusterClient(new ClientOptions { Gateway = fixture.Cluster.GatewayAddress });
        await reader.ConnectAsync();
        var collector = new Collector<string>();
        var id = StreamId.Create("chat", "room");
        await reader.GetStreamProvider("durable").GetStream<string>(id).SubscribeAsync(collector);
        await fixture.Client.GetStreamProvider("durable").GetStream<string>(id).OnNextBatchAsync(["a", "b", "c"]);
        await collector.WaitForCountAsync(3);
        Assert.Equal(["a", "b", "c"], collector.Items);
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_provider_fails_clearly()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            fixture.Client.GetStreamProvider("nope").GetStream<int>(StreamId.Create("x", "y")).SubscribeAsync(new Collector<int>()));
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public async Task A_durable_subscription_resumes_after_a_silo_restart_with_no_gap_and_no_duplicate()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var collector = new Collector<int>();
        var id = StreamId.Create("numbers", "restart");
        await fixture.Client.GetStreamProvider("durable").GetStream<int>(id).SubscribeAsync(collector);
        var publisher = fixture.Client.GetGrain<IPublisherGrain>("restart");
        await publisher.Publish("durable", 0, 50);
        await collector.WaitForCountAsync(50);

        await fixture.Cluster.RestartAsync();
        await WaitUntilAsync(() => fixture.Client.Connections == 2 && fixture.Client.IsConnected);
        // Published through the new silo by another route while the client subscribes again.
        await fixture.Cluster.GrainFactory.GetGrain<IPublisherGrain>("restart").Publish("durable", 50, 50);
        await fixture.Client.GetGrain<IPublisherGrain>("restart").Publish("durable", 100, 50);
        await collector.WaitForCountAsync(150);
        await Task.Delay(200);
        Assert.Equal(Enumerable.Range(0, 150), collector.Items);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold within 20 s.");
            }
            await Task.Delay(20);
        }
    }
}
