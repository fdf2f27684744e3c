using JobRuntime.Testing;
using JobRuntime.Tests.Grains;

namespace JobRuntime.Tests;

public sealed class CallCopyTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.GrainFactory;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_mutating_its_argument_does_not_change_the_callers_object()
    {
        var basket = new CopyBasket { Items = ["caller"] };

        var count = await Grains.GetGrain<ICopyGrain>("mutates-argument").AddItemAndCount(basket, "grain");

        Assert.Equal(2, count);
        Assert.Equal(["caller"], basket.Items);
    }

    [Fact]
    public async Task A_caller_mutating_its_object_after_the_call_does_not_change_the_grains_copy()
    {
        var grain = Grains.GetGrain<ICopyGrain>("keeps-argument");
        var basket = new CopyBasket { Items = ["kept"] };
        await grain.Keep(basket);

        basket.Items.Add("added by the caller later");

        Assert.Equal(["kept"], (await grain.Kept()).Items);
    }

    [Fact]
    public async Task A_OneWay_call_copies_its_argument_before_it_returns()
    {
        var grain = Grains.GetGrain<ICopyGrain>("keeps-one-way");
        var basket = new CopyBasket { Items = ["kept"] };
        await grain.KeepOneWay(basket);

        basket.Items.Add("added by the caller before the grain ran");

        Assert.Equal(["kept"], (await grain.Kept()).Items);
    }

    [Fact]
    public async Task A_caller_mutating_a_result_does_not_change_the_grains_object()
    {
        var grain = Grains.GetGrain<ICopyGrain>("returns-result");
        await grain.Keep(new CopyBasket { Items = ["kept"] });

        (await grain.Kept()).Items.Add("added by the caller");

        Assert.Equal(["kept"], (await grain.Kept()).Items);
    }

    [Fact]
    public async Task A_result_returned_after_an_await_is_copied_too()
    {
        var grain = Grains.GetGrain<ICopyGrain>("returns-later");
        await grain.Keep(new CopyBasket { Items = ["kept"] });

        (await grain.KeptAfterAwait()).Items.Add("added by the caller");

        Assert.Equal(["kept"], (await grain.KeptAfterAwait()).Items);
    }

    [Fact]
    public async Task An_Immutable_argument_is_passed_without_copying()
    {
        var note = new CopyFrozenNote("shared");

        Assert.True(await Grains.GetGrain<ICopyGrain>("immutable").AreSameInstance(note, note));
    }

    [Fact]
    public async Task An_exception_thrown_by_a_grain_arrives_with_its_type_and_message()
    {
        var error = await Assert.ThrowsAsync<CopyFailureException>(() => Grains.GetGrain<ICopyGrain>("throws").Throw("out of stock"));

        Assert.Equal("out of stock", error.Message);
    }

    [Fact]
    public async Task An_exception_thrown_by_a_grain_carries_the_grain_methods_stack()
    {
        var error = await Assert.ThrowsAsync<CopyFailureException>(() => Grains.GetGrain<ICopyGrain>("throws-stack").Throw("x"));

        Assert.Contains("CopyGrain.Throw", error.StackTrace);
    }

    [Fact]
    public async Task An_exception_thrown_after_an_await_carries_the_grain_methods_stack()
    {
        var error = await Assert.ThrowsAsync<CopyFailureException>(() => Grains.GetGrain<ICopyGrain>("throws-later").ThrowAfterAwait("late"));

        Assert.Equal("late", error.Message);
        Assert.Contains("CopyGrain.ThrowAfterAwait", error.StackTrace);
    }

    [Fact]
    public async Task An_exception_from_a_grain_called_by_a_grain_reaches_the_first_caller()
    {
        var error = await Assert.ThrowsAsync<CopyFailureException>(() =>
            Grains.GetGrain<ICopyGrain>("relays").CallThrowing(Grains.GetGrain<ICopyGrain>("fails"), "deep"));

        Assert.Equal("deep", error.Message);
        Assert.Contains("CopyGrain.ThrowAfterAwait", error.StackTrace);
    }

    [Fact]
    public async Task A_grain_that_threw_keeps_serving_calls()
    {
        var grain = Grains.GetGrain<ICopyGrain>("throws-then-serves");
        await Assert.ThrowsAsync<CopyFailureException>(() => grain.Throw("once"));

        Assert.Equal(1, await grain.AddItemAndCount(new CopyBasket(), "after"));
    }
}
