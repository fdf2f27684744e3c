using System.Reflection;
using JobRuntime.CodeGeneration;

namespace JobRuntime.CodeGenerator.Tests;

public sealed class GeneratedProxyTests(RepresentativeGrains grains) : IClassFixture<RepresentativeGrains>
{
    private const string Calculator = "Sample.ICalculator";
    private static readonly GrainId CalculatorId = new("calculator", "one");

    [Fact]
    public void A_proxy_is_a_grain_reference_of_its_interface()
    {
        var proxy = grains.Interface(Calculator).CreateProxy(new RecordingInvoker(), CalculatorId);

        Assert.IsAssignableFrom(grains.Type(Calculator), proxy);
        Assert.Equal(grains.Type(Calculator), proxy.InterfaceType);
        Assert.Equal(CalculatorId, proxy.GrainId);
    }

    [Fact]
    public async Task A_call_sends_a_request_carrying_the_arguments_and_returns_the_invokers_result()
    {
        var invoker = new RecordingInvoker { Result = 99 };
        var proxy = grains.Interface(Calculator).CreateProxy(invoker, CalculatorId);

        var result = await (Task<int>)Call(proxy, Calculator, "Add", 2, 3);

        Assert.Equal(99, result);
        var sent = Assert.Single(invoker.Sent);
        Assert.Same(proxy, sent.Target);
        Assert.False(sent.OneWay);
        Assert.Equal("Add", sent.Request.Method.Name);
        Assert.Equal(2, RepresentativeGrains.Arg(sent.Request, 0));
        Assert.Equal(3, RepresentativeGrains.Arg(sent.Request, 1));
    }

    [Fact]
    public async Task Each_call_sends_a_new_request()
    {
        var invoker = new RecordingInvoker();
        var proxy = grains.Interface(Calculator).CreateProxy(invoker, CalculatorId);

        await (Task)Call(proxy, Calculator, "Reset");
        await (Task)Call(proxy, Calculator, "Reset");

        Assert.Equal(2, invoker.Sent.Count);
        Assert.NotSame(invoker.Sent[0].Request, invoker.Sent[1].Request);
    }

    [Fact]
    public async Task ValueTask_methods_return_the_invokers_result()
    {
        var invoker = new RecordingInvoker { Result = "echo" };
        var proxy = grains.Interface(Calculator).CreateProxy(invoker, CalculatorId);

        var echoed = await (ValueTask<string?>)Call(proxy, Calculator, "Echo", "hi");
        await (ValueTask)Call(proxy, Calculator, "Touch");

        Assert.Equal("echo", echoed);
        Assert.Equal(["Echo", "Touch"], invoker.Sent.Select(s => s.Request.Method.Name));
    }

    [Fact]
    public async Task A_cancellable_call_puts_the_token_on_the_request()
    {
        var invoker = new RecordingInvoker { Result = null };
        var proxy = grains.Interface(Calculator).CreateProxy(invoker, CalculatorId);
        using var cancellation = new CancellationTokenSource();

        await (Task)Call(proxy, Calculator, "Move", Array.CreateInstance(grains.Type("Sample.Point"), 0), 1, cancellation.Token);

        var sent = Assert.Single(invoker.Sent);
        Assert.Equal(cancellation.Token, sent.Request.CancellationToken);
        Assert.Equal(1, RepresentativeGrains.Arg(sent.Request, 1));
    }

    [Fact]
    public void One_way_calls_are_sent_without_waiting_for_a_result()
    {
        var invoker = new RecordingInvoker();
        var proxy = grains.Interface(Calculator).CreateProxy(invoker, CalculatorId);

        var fired = (Task)Call(proxy, Calculator, "Fire", "now");
        var firedValue = (ValueTask)Call(proxy, Calculator, "FireValue");
        Call(proxy, Calculator, "FireVoid", 1);

        Assert.True(fired.IsCompletedSuccessfully);
        Assert.True(firedValue.IsCompletedSuccessfully);
        Assert.Equal(["Fire", "FireValue", "FireVoid"], invoker.Sent.Select(s => s.Request.Method.Name));
        Assert.All(invoker.Sent, s => Assert.True(s.OneWay));
    }

    [Fact]
    public async Task A_proxy_implements_inherited_methods_as_calls_of_the_derived_interface()
    {
        var invoker = new RecordingInvoker { Result = "described" };
        var proxy = grains.Interface(Calculator).CreateProxy(invoker, CalculatorId);

        var result = await (Task<string>)Call(proxy, "Sample.IDescribed", "Describe");

        Assert.Equal("described", result);
        var sent = Assert.Single(invoker.Sent);
        Assert.Equal(grains.Type(Calculator), sent.Request.Method.InterfaceType);
    }

    [Fact]
    public void A_void_observer_method_is_sent_one_way()
    {
        var invoker = new RecordingInvoker();
        var proxy = grains.Interface("Sample.IWatcher").CreateProxy(invoker, new GrainId("observer", "1"));

        Call(proxy, "Sample.IWatcher", "Notify", "tick");

        var sent = Assert.Single(invoker.Sent);
        Assert.True(sent.OneWay);
        Assert.Equal("tick", RepresentativeGrains.Arg(sent.Request, 0));
    }

    private object Call(GrainReference proxy, string interfaceName, string methodName, params object?[] arguments)
    {
        var method = grains.Type(interfaceName).GetMethod(methodName) ?? throw new InvalidOperationException(methodName);
        try
        {
            return method.Invoke(proxy, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private sealed class RecordingInvoker : IGrainCallInvoker
    {
        public List<(GrainReference Target, GrainRequest Request, bool OneWay)> Sent { get; } = [];

        public object? Result { get; init; }

        public IGrainFactory GrainFactory => throw new NotSupportedException();

        public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
        {
            Sent.Add((target, request, false));
            return new(Result is TResult result ? result : default!);
        }

        public void InvokeOneWay(GrainReference target, GrainRequest request) => Sent.Add((target, request, true));
    }
}
