using System.Diagnostics;

namespace JobRuntime.Client.Tests;

public sealed class GatewayCallTests
{
    [Fact]
    public async Task A_client_calls_a_grain_and_gets_its_result()
    {
        await using var fixture = await ClientFixture.StartAsync();
        Assert.Equal("a:hi", await fixture.Client.GetGrain<IEchoGrain>("a").Echo("hi"));
    }

    [Fact]
    public async Task Records_travel_both_ways_as_values()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var result = await fixture.Client.GetGrain<IEchoGrain>("a").Double(new Payload(21, ["x", "y"]));
        Assert.Equal(42, result.Number);
        Assert.Equal(["x", "y"], result.Tags);
    }

    [Fact]
    public async Task A_grain_exception_arrives_with_its_type_message_and_remote_stack()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IEchoGrain>("a").Fail("bad value"));
        Assert.Equal("bad value", error.Message);
        Assert.Contains("EchoGrain.Fail", error.StackTrace);
    }

    [Fact]
    public async Task Many_calls_are_in_flight_on_the_one_connection()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var calls = Enumerable.Range(0, 2000).Select(i => fixture.Client.GetGrain<IEchoGrain>($"g{i % 50}").Echo(i.ToString())).ToArray();
        var results = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"g{i % 50}:{i}"), results);
    }

    [Fact]
    public async Task Slow_calls_do_not_hold_up_others_on_the_connection()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var slow = fixture.Client.GetGrain<IEchoGrain>("slow").Slow(2000);
        var watch = Stopwatch.StartNew();
        await fixture.Client.GetGrain<IEchoGrain>("fast").Echo("x");
        Assert.False(slow.IsCompleted);
        Assert.Equal(2000, await slow);
    }

    [Fact]
    public async Task A_one_way_call_is_delivered()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var grain = fixture.Client.GetGrain<IEchoGrain>("one-way");
        await grain.Remember("kept");
        Assert.Equal("kept", await grain.Recall());
    }

    [Fact]
    public async Task Cancelling_a_pending_call_cancels_the_grain_token()
    {
        await using var fixture = await ClientFixture.StartAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.True(await fixture.Client.GetGrain<IEchoGrain>("c").WaitForCancellation(cancellation.Token));
    }

    [Fact]
    public async Task A_grain_calls_back_an_observer_object_of_the_client()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var member = new ChatObserver();
        var reference = fixture.Client.CreateObjectReference<IChatObserver>(member);
        var room = fixture.Client.GetGrain<IChatRoomGrain>("room");
        await room.Join(reference);
        Assert.Equal(5, await room.Say("hello"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (member.Said.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(["hello"], member.Said);
    }

    [Fact]
    public async Task A_deleted_observer_fails_the_grains_call_with_observer_not_found()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var reference = fixture.Client.CreateObjectReference<IChatObserver>(new ChatObserver());
        var room = fixture.Client.GetGrain<IChatRoomGrain>("gone");
        await room.Join(reference);
        fixture.Client.DeleteObjectReference<IChatObserver>(reference);
        await Assert.ThrowsAsync<ObserverNotFoundException>(() => room.Say("anyone?"));
    }

    [Fact]
    public async Task Calling_an_interface_the_silo_does_not_implement_fails_at_get_grain()
    {
        await using var fixture = await ClientFixture.StartAsync();
        Assert.Throws<GrainImplementationNotFoundException>(() => fixture.Client.GetGrain<IUnimplementedGrain>("x"));
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task Nothing();
}
