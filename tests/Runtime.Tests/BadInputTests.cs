using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

/// <summary>Each kind of bad input gives a typed exception naming the grain and the cause, and the silo keeps serving.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly BadActivationSwitch _activation = new();
    private TestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.GrainFactory;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o => o.ConfigureServices = services => services.AddSingleton(_activation));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task AssertSiloStillServes()
    {
        Assert.Equal("pong", await Grains.GetGrain<IBadInputGrain>("healthy").Ping());
        var key = Guid.NewGuid();
        Assert.Equal(key, await Grains.GetGrain<IBadGuidGrain>(key).Key());
    }

    [Fact]
    public async Task Getting_an_interface_that_no_grain_class_implements_fails_naming_the_interface()
    {
        var error = Assert.Throws<GrainImplementationNotFoundException>(() => Grains.GetGrain<IBadOrphanGrain>("orphan"));

        Assert.Contains(nameof(IBadOrphanGrain), error.Message);
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task Getting_an_interface_that_several_grain_classes_implement_fails_naming_them()
    {
        var error = Assert.Throws<GrainImplementationNotFoundException>(() => Grains.GetGrain<IRefShapeGrain>("ambiguous"));

        Assert.Contains(nameof(IRefShapeGrain), error.Message);
        Assert.Contains(nameof(RefCircleGrain), error.Message);
        Assert.Contains(nameof(RefSquareGrain), error.Message);
        await AssertSiloStillServes();
    }

    public static TheoryData<Type, object> KeysOfTheWrongKind => new()
    {
        { typeof(IBadGuidGrain), "not-a-guid" },
        { typeof(IBadGuidGrain), 12L },
        { typeof(IBadIntegerGrain), "12" },
        { typeof(IBadIntegerGrain), Guid.NewGuid() },
        { typeof(IBadInputGrain), 12L },
        { typeof(IBadInputGrain), Guid.NewGuid() },
    };

    [Theory]
    [MemberData(nameof(KeysOfTheWrongKind))]
    public async Task A_key_of_the_wrong_kind_is_refused_naming_the_interface(Type grainInterface, object key)
    {
        var error = Assert.Throws<InvalidGrainKeyException>(() => Grains.GetGrain(grainInterface, key));

        Assert.Contains(grainInterface.Name, error.Message);
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task A_key_that_is_no_kind_of_grain_key_is_refused_naming_the_interface()
    {
        var error = Assert.Throws<InvalidGrainKeyException>(() => Grains.GetGrain(typeof(IBadInputGrain), 2.5));

        Assert.Contains(nameof(IBadInputGrain), error.Message);
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task A_grain_id_whose_key_does_not_fit_the_grain_fails_the_call_naming_the_grain()
    {
        var grain = Grains.GetGrain<IBadGuidGrain>(new GrainId("badguid", "not-a-guid"));

        var error = await Assert.ThrowsAsync<InvalidGrainKeyException>(() => grain.Key());

        Assert.Contains("badguid/not-a-guid", error.Message);
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task Reading_a_guid_key_from_a_string_keyed_reference_fails_naming_the_grain()
    {
        var error = Assert.Throws<InvalidGrainKeyException>(() => Grains.GetGrain<IBadInputGrain>("text").GetPrimaryKey());

        Assert.Contains("badinput/text", error.Message);
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task An_argument_with_a_cycle_fails_the_call_naming_the_method_and_parameter()
    {
        var grain = Grains.GetGrain<IBadInputGrain>("cycle-argument");
        var node = new BadNode { Name = "a" };
        node.Next = new BadNode { Name = "b", Next = node };

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => grain.TakeNode("label", node));

        Assert.Contains("IBadInputGrain.TakeNode", error.Message);
        Assert.Contains("'node'", error.Message);
        Assert.Equal(0, await grain.Calls());
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task An_argument_with_a_delegate_fails_the_call_naming_the_method_and_parameter()
    {
        var grain = Grains.GetGrain<IBadInputGrain>("delegate-argument");

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => grain.TakeCallback(new BadCallbackHolder { Callback = () => 1 }));

        Assert.Contains("IBadInputGrain.TakeCallback", error.Message);
        Assert.Contains("'holder'", error.Message);
        Assert.Equal(0, await grain.Calls());
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task A_result_with_a_cycle_fails_the_call_naming_the_grain_and_method()
    {
        var grain = Grains.GetGrain<IBadInputGrain>("cycle-result");

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => grain.GiveCycle());

        Assert.Contains("badinput/cycle-result", error.Message);
        Assert.Contains("IBadInputGrain.GiveCycle", error.Message);
        Assert.Equal("pong", await grain.Ping());
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task A_grain_whose_OnActivateAsync_throws_fails_the_call_naming_the_grain_with_the_cause_inside()
    {
        var error = await Assert.ThrowsAsync<GrainActivationException>(() => Grains.GetGrain<IBadActivationGrain>("broken").Ping());

        Assert.Equal(new GrainId("badactivation", "broken"), error.GrainId);
        Assert.Contains("badactivation/broken", error.Message);
        var cause = Assert.IsType<BadActivationFailure>(error.InnerException);
        Assert.Equal("broken refuses to start", cause.Message);
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task Every_call_waiting_for_a_failed_activation_gets_the_activation_error()
    {
        var grain = Grains.GetGrain<IBadActivationGrain>("broken-for-many");

        var calls = Enumerable.Range(0, 5).Select(_ => grain.Ping()).ToList();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<GrainActivationException>(() => call);
        }
        await AssertSiloStillServes();
    }

    [Fact]
    public async Task A_grain_whose_activation_failed_activates_on_a_later_call_once_the_cause_is_gone()
    {
        var grain = Grains.GetGrain<IBadActivationGrain>("recovers");
        await Assert.ThrowsAsync<GrainActivationException>(() => grain.Ping());

        _activation.Fail = false;

        Assert.Equal("pong", await grain.Ping());
    }

    [Fact]
    public async Task A_grain_whose_constructor_needs_an_unregistered_service_fails_naming_the_parameter()
    {
        var error = await Assert.ThrowsAsync<GrainActivationException>(() => Grains.GetGrain<IBadConstructorGrain>("unbuildable").Ping());

        Assert.Contains("badconstructor/unbuildable", error.Message);
        var cause = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("missingService", cause.Message);
        Assert.Contains(nameof(IBadUnregisteredService), cause.Message);
        await AssertSiloStillServes();
    }
}
