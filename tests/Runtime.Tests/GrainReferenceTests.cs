using JobRuntime.Serialization;
using JobRuntime.Testing;
using JobRuntime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Tests;

public sealed class GrainReferenceTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.GrainFactory;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_references_with_the_same_key_address_the_same_grain()
    {
        var first = Grains.GetGrain<IRefTargetGrain>("same");
        var second = Grains.GetGrain<IRefTargetGrain>("same");

        await first.Add(2);

        Assert.Equal(first, second);
        Assert.Equal(5, await second.Add(3));
    }

    [Fact]
    public async Task References_with_different_keys_address_different_grains()
    {
        await Grains.GetGrain<IRefTargetGrain>("left").Add(10);

        Assert.NotEqual(Grains.GetGrain<IRefTargetGrain>("left"), Grains.GetGrain<IRefTargetGrain>("right"));
        Assert.Equal(1, await Grains.GetGrain<IRefTargetGrain>("right").Add(1));
    }

    [Fact]
    public async Task A_reference_stored_by_a_grain_calls_the_same_grain_later()
    {
        var target = Grains.GetGrain<IRefTargetGrain>("stored");
        var holder = Grains.GetGrain<IRefHolderGrain>("holder-1");
        await target.Add(1);

        await holder.Remember(target);

        Assert.Equal(3, await holder.AddThroughRemembered(2));
        Assert.Equal(6, await target.Add(3));
    }

    [Fact]
    public async Task A_reference_passed_as_an_argument_reaches_the_callers_grain()
    {
        var target = Grains.GetGrain<IRefTargetGrain>("passed");
        await target.Add(4);

        Assert.Equal(5, await Grains.GetGrain<IRefHolderGrain>("holder-2").AddThrough(target, 1));
    }

    [Fact]
    public async Task A_reference_inside_an_argument_object_reaches_the_same_grain()
    {
        var target = Grains.GetGrain<IRefTargetGrain>("enveloped");
        await target.Add(7);

        var total = await Grains.GetGrain<IRefHolderGrain>("holder-3").AddThroughEnvelope(new RefEnvelope { Note = "n", Target = target }, 1);

        Assert.Equal(8, total);
    }

    [Fact]
    public async Task A_reference_returned_by_a_grain_addresses_the_grain_it_was_given()
    {
        var target = Grains.GetGrain<IRefTargetGrain>("returned");
        var holder = Grains.GetGrain<IRefHolderGrain>("holder-4");
        await holder.Remember(target);

        var returned = await holder.Remembered();

        Assert.Equal(target, returned);
        Assert.Equal("returned", await returned.Key());
    }

    [Fact]
    public async Task A_reference_serialized_to_json_and_back_calls_the_same_grain()
    {
        var serializer = _cluster.Services.GetRequiredService<GrainSerializer>();
        var target = Grains.GetGrain<IRefTargetGrain>("json");
        await target.Add(2);

        var json = serializer.Serialize(target);
        var restored = serializer.Deserialize<IRefTargetGrain>(json);

        Assert.Equal(target, restored);
        Assert.Equal(target.GetGrainId(), restored.GetGrainId());
        Assert.Equal(5, await restored.Add(3));
    }

    [Fact]
    public async Task A_reference_inside_an_object_survives_a_json_round_trip()
    {
        var serializer = _cluster.Services.GetRequiredService<GrainSerializer>();
        var target = Grains.GetGrain<IRefTargetGrain>("json-envelope");
        await target.Add(1);

        var restored = serializer.Deserialize<RefEnvelope>(serializer.Serialize(new RefEnvelope { Note = "x", Target = target }));

        Assert.Equal("x", restored.Note);
        Assert.Equal(2, await restored.Target!.Add(1));
    }

    [Fact]
    public async Task A_reference_stays_valid_after_its_grain_deactivates()
    {
        var target = Grains.GetGrain<IRefTargetGrain>("reborn");
        var firstActivation = await target.ActivationId();

        await target.Deactivate();

        Assert.Equal(1, await target.Add(1));
        Assert.NotEqual(firstActivation, await target.ActivationId());
    }

    [Fact]
    public async Task A_reference_held_by_another_grain_stays_valid_after_its_grain_deactivates()
    {
        var target = Grains.GetGrain<IRefTargetGrain>("reborn-held");
        var holder = Grains.GetGrain<IRefHolderGrain>("holder-5");
        await holder.Remember(target);
        await holder.AddThroughRemembered(5);

        await target.Deactivate();

        Assert.Equal(1, await holder.AddThroughRemembered(1));
    }

    [Fact]
    public async Task A_string_keyed_grain_reads_its_key_with_GetPrimaryKeyString()
    {
        var grain = Grains.GetGrain<IRefTargetGrain>("key with spaces/and a slash");

        Assert.Equal("key with spaces/and a slash", await grain.Key());
        Assert.Equal("key with spaces/and a slash", grain.GetPrimaryKeyString());
    }

    [Fact]
    public async Task A_guid_keyed_grain_reads_its_key_with_GetPrimaryKey()
    {
        var key = Guid.NewGuid();
        var grain = Grains.GetGrain<IRefGuidGrain>(key);

        Assert.Equal(key, await grain.Key());
        Assert.Equal(key, grain.GetPrimaryKey());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(42L)]
    [InlineData(-7L)]
    [InlineData(long.MaxValue)]
    public async Task An_integer_keyed_grain_reads_its_key_with_GetPrimaryKeyLong(long key)
    {
        var grain = Grains.GetGrain<IRefIntegerGrain>(key);

        Assert.Equal(key, await grain.Key());
        Assert.Equal(key, grain.GetPrimaryKeyLong());
    }

    [Fact]
    public async Task Integer_keyed_grains_with_different_keys_are_different_grains()
    {
        Assert.Equal(1L, await Grains.GetGrain<IRefIntegerGrain>(1).Key());
        Assert.Equal(2L, await Grains.GetGrain<IRefIntegerGrain>(2).Key());
        Assert.NotEqual(Grains.GetGrain<IRefIntegerGrain>(1), Grains.GetGrain<IRefIntegerGrain>(2));
    }

    [Fact]
    public async Task The_non_generic_GetGrain_makes_a_working_reference_for_each_key_kind()
    {
        var guid = Guid.NewGuid();

        var byString = (IRefTargetGrain)Grains.GetGrain(typeof(IRefTargetGrain), "untyped");
        var byGuid = (IRefGuidGrain)Grains.GetGrain(typeof(IRefGuidGrain), guid);
        var byLong = (IRefIntegerGrain)Grains.GetGrain(typeof(IRefIntegerGrain), 9L);

        Assert.Equal("untyped", await byString.Key());
        Assert.Equal(guid, await byGuid.Key());
        Assert.Equal(9L, await byLong.Key());
    }

    [Fact]
    public async Task A_reference_made_from_a_grain_id_calls_the_grain_of_that_id()
    {
        var original = Grains.GetGrain<IRefTargetGrain>("by-id");
        await original.Add(3);

        var copy = Grains.GetGrain<IRefTargetGrain>(GrainId.Parse(original.GetGrainId().ToString()));

        Assert.Equal(4, await copy.Add(1));
    }

    [Fact]
    public async Task A_class_name_prefix_chooses_among_the_grain_classes_of_an_interface()
    {
        var circle = Grains.GetGrain<IRefShapeGrain>("shape", "RefCircle");
        var square = Grains.GetGrain<IRefShapeGrain>("shape", "RefSquare");

        Assert.Equal("circle", await circle.Name());
        Assert.Equal("square", await square.Name());
        Assert.NotEqual(circle, square);
    }
}
