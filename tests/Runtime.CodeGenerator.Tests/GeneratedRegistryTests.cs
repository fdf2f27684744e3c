using JobRuntime.CodeGeneration;

namespace JobRuntime.CodeGenerator.Tests;

public sealed class GeneratedRegistryTests(RepresentativeGrains grains) : IClassFixture<RepresentativeGrains>
{
    [Fact]
    public void The_registry_lists_every_grain_and_observer_interface_with_its_key_kind()
    {
        var interfaces = grains.Registry.GetInterfaces().ToDictionary(i => i.InterfaceType.FullName!, i => i.KeyKind);

        Assert.Equal(
            new Dictionary<string, GrainKeyKind>
            {
                ["IGlobalGrain"] = GrainKeyKind.String,
                ["Sample.ICalculator"] = GrainKeyKind.String,
                ["Sample.IGuidGrain"] = GrainKeyKind.Guid,
                ["Sample.IIntegerGrain"] = GrainKeyKind.Integer,
                ["Sample.IWatcher"] = GrainKeyKind.Observer,
                ["Sample.Other.ICalculator"] = GrainKeyKind.Guid,
                ["Sample.Outer+ICalculator"] = GrainKeyKind.String,
                ["Sample.Outer+INested"] = GrainKeyKind.Integer,
                ["Sample.Shapes.IDiamond"] = GrainKeyKind.String,
                ["Sample_Other.ICalculator"] = GrainKeyKind.Guid,
            },
            interfaces);
    }

    [Fact]
    public void The_method_table_lists_declared_methods_then_inherited_ones_in_index_order()
    {
        var methods = grains.Interface("Sample.ICalculator").Methods;

        Assert.Equal(
            ["Add", "Reset", "Pause", "Echo", "Touch", "Fire", "FireValue", "FireVoid", "Move", "Ping", "Get", "Count", "class", "Overload", "Overload", "Collide", "Nothing", "Describe"],
            methods.Select(m => m.Name));
        Assert.Equal(Enumerable.Range(0, methods.Length), methods.Select(m => m.Index));
        Assert.All(methods, m => Assert.Equal(grains.Type("Sample.ICalculator"), m.InterfaceType));
    }

    [Fact]
    public void A_diamond_of_base_interfaces_contributes_each_inherited_method_once()
    {
        var methods = grains.Interface("Sample.Shapes.IDiamond").Methods;

        Assert.Equal(["Own", "Defaulted", "Left", "Right", "Load", "Root"], methods.Select(m => m.Name));
    }

    [Fact]
    public void Each_request_factory_makes_a_request_of_the_method_with_the_same_index()
    {
        foreach (var info in grains.Registry.GetInterfaces())
        {
            Assert.Equal(info.Methods.Length, info.CreateRequest.Length);
            for (var i = 0; i < info.Methods.Length; i++)
            {
                Assert.Same(info.Methods[i], info.CreateRequest[i]().Method);
            }
        }
    }

    [Theory]
    [InlineData("Sample.ICalculator", "Add", GrainMethodFlags.None)]
    [InlineData("Sample.ICalculator", "Fire", GrainMethodFlags.OneWay)]
    [InlineData("Sample.ICalculator", "FireValue", GrainMethodFlags.OneWay)]
    [InlineData("Sample.ICalculator", "FireVoid", GrainMethodFlags.OneWay)]
    [InlineData("Sample.ICalculator", "Ping", GrainMethodFlags.AlwaysInterleave)]
    [InlineData("Sample.ICalculator", "Get", GrainMethodFlags.ReadOnly)]
    [InlineData("Sample.ICalculator", "Move", GrainMethodFlags.Cancellable)]
    [InlineData("Sample.IWatcher", "Notify", GrainMethodFlags.OneWay)]
    [InlineData("Sample.IWatcher", "Ask", GrainMethodFlags.None)]
    public void Method_flags_come_from_the_methods_attributes_return_type_and_parameters(string interfaceName, string methodName, GrainMethodFlags flags)
    {
        var method = grains.Interface(interfaceName).Methods.Single(m => m.Name == methodName);

        Assert.Equal(flags, method.Flags);
    }

    [Fact]
    public void Parameter_names_leave_out_the_cancellation_token()
    {
        var move = grains.Interface("Sample.ICalculator").Methods.Single(m => m.Name == "Move");

        Assert.Equal(["points", "dx"], move.ParameterNames);
    }

    [Fact]
    public void A_requests_result_type_is_the_task_result_or_unit()
    {
        Assert.Equal(typeof(int), grains.Request("Sample.ICalculator", "Add").ResultType);
        Assert.Equal(typeof(string), grains.Request("Sample.ICalculator", "Echo").ResultType);
        Assert.Equal(typeof(Unit), grains.Request("Sample.ICalculator", "Reset").ResultType);
        Assert.Equal(typeof(Unit), grains.Request("Sample.ICalculator", "FireVoid").ResultType);
    }

    [Fact]
    public void The_registry_lists_concrete_non_generic_grain_classes_with_their_grain_interfaces()
    {
        var classes = grains.Registry.GetGrainClasses()
            .ToDictionary(c => c.GrainClass.FullName!, c => c.Interfaces.Select(i => i.FullName!).Order().ToArray());

        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["Sample.BareGrain"] = ["Sample.IIntegerGrain"],
                ["Sample.CalculatorGrain"] = ["Sample.ICalculator", "Sample.IDescribed", "Sample.IGuidGrain"],
                ["Sample.NestedGrain"] = ["Sample.Outer+INested"],
            },
            classes);
    }
}
