using System.Buffers;
using System.Text;
using System.Text.Json;
using JobRuntime.CodeGeneration;
using JobRuntime.Serialization;

namespace JobRuntime.CodeGenerator.Tests;

public sealed class GeneratedRequestTests(RepresentativeGrains grains) : IClassFixture<RepresentativeGrains>
{
    private const string Calculator = "Sample.ICalculator";
    private static readonly JsonSerializerOptions Options = new() { IncludeFields = true };

    [Fact]
    public void Arguments_are_written_as_a_JSON_array_in_parameter_order()
    {
        var request = grains.Request(Calculator, "Add", 2, 3);

        Assert.Equal("[2,3]", Write(request));
    }

    [Fact]
    public void Writing_then_reading_arguments_round_trips_them()
    {
        var pointType = grains.Type("Sample.Point");
        var points = Array.CreateInstance(pointType, 2);
        points.SetValue(Activator.CreateInstance(pointType, 1, 2), 0);
        points.SetValue(Activator.CreateInstance(pointType, 3, 4), 1);
        var written = grains.Request(Calculator, "Move", points, 7);

        var read = grains.Request(Calculator, "Move");
        Read(read, Write(written));

        var copy = Assert.IsAssignableFrom<Array>(RepresentativeGrains.Arg(read, 0));
        Assert.Equal(points.Cast<object>(), copy.Cast<object>());
        Assert.Equal(7, RepresentativeGrains.Arg(read, 1));
    }

    [Fact]
    public void Null_arguments_round_trip_as_null()
    {
        var written = grains.Request(Calculator, "Nothing", null, null);

        var read = grains.Request(Calculator, "Nothing", Activator.CreateInstance(grains.Type("Sample.Point"), 1, 1), 5);
        Read(read, Write(written));

        Assert.Null(RepresentativeGrains.Arg(read, 0));
        Assert.Null(RepresentativeGrains.Arg(read, 1));
    }

    [Fact]
    public void Reading_arguments_leaves_the_reader_on_the_end_of_the_array()
    {
        var request = grains.Request(Calculator, "Add");
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("""{"args":[4,5],"next":true}"""));
        reader.Read();
        reader.Read();
        reader.Read();

        request.ReadArguments(ref reader, Options);

        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        reader.Read();
        Assert.Equal("next", reader.GetString());
        Assert.Equal(4, RepresentativeGrains.Arg(request, 0));
        Assert.Equal(5, RepresentativeGrains.Arg(request, 1));
    }

    [Fact]
    public void A_method_without_arguments_reads_an_empty_array()
    {
        var request = grains.Request(Calculator, "Reset");

        Read(request, "[]"u8.ToArray());

        Assert.Equal("[]", Write(request));
    }

    [Fact]
    public void Reading_something_other_than_an_array_throws_a_JsonException_naming_the_method()
    {
        var request = grains.Request(Calculator, "Add");

        var error = Assert.Throws<JsonException>(() => Read(request, """{"a":1}"""u8.ToArray()));

        Assert.Contains("Sample.ICalculator.Add", error.Message);
        Assert.Contains("2 elements", error.Message);
    }

    [Fact]
    public void Reading_too_few_arguments_throws_a_JsonException_naming_the_method_and_the_expected_count()
    {
        var request = grains.Request(Calculator, "Add");

        var error = Assert.Throws<JsonException>(() => Read(request, "[1]"u8.ToArray()));

        Assert.Contains("Sample.ICalculator.Add", error.Message);
        Assert.Contains("2 elements", error.Message);
    }

    [Fact]
    public void Reading_too_many_arguments_throws_a_JsonException_naming_the_method_and_the_expected_count()
    {
        var request = grains.Request(Calculator, "Reset");

        var error = Assert.Throws<JsonException>(() => Read(request, "[1]"u8.ToArray()));

        Assert.Contains("Sample.ICalculator.Reset", error.Message);
        Assert.Contains("0 elements", error.Message);
    }

    [Fact]
    public void Copying_arguments_replaces_mutable_arguments_by_equal_copies()
    {
        var pointType = grains.Type("Sample.Point");
        var points = Array.CreateInstance(pointType, 1);
        points.SetValue(Activator.CreateInstance(pointType, 1, 2), 0);
        var request = grains.Request(Calculator, "Move", points, 3);
        var copier = new GrainSerializer(() => throw new InvalidOperationException("No grain references here.")).Copier;

        request.CopyArguments(copier);

        var copy = Assert.IsAssignableFrom<Array>(RepresentativeGrains.Arg(request, 0));
        Assert.NotSame(points, copy);
        Assert.Equal(points.Cast<object>(), copy.Cast<object>());
        Assert.Equal(3, RepresentativeGrains.Arg(request, 1));
    }

    [Fact]
    public async Task Invoking_a_Task_of_T_method_calls_the_implementation_and_returns_its_result()
    {
        grains.Calls.Clear();
        var request = (GrainRequest<int>)grains.Request(Calculator, "Add", 2, 3);

        var result = await request.InvokeAsync(grains.New("Sample.Calculator"));

        Assert.Equal(5, result);
        Assert.Equal(["Add(2,3)"], grains.Calls);
    }

    [Fact]
    public async Task Invoking_a_ValueTask_of_T_method_returns_its_result()
    {
        var request = grains.Request(Calculator, "Echo", "hello");

        Assert.Equal("hello", await request.InvokeUntypedAsync(grains.New("Sample.Calculator")));
    }

    [Fact]
    public void Invoking_a_Task_method_that_completes_synchronously_returns_a_completed_unit()
    {
        grains.Calls.Clear();
        var request = (GrainRequest<Unit>)grains.Request(Calculator, "Reset");

        var pending = request.InvokeAsync(grains.New("Sample.Calculator"));

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(["Reset"], grains.Calls);
    }

    [Fact]
    public async Task Invoking_a_Task_method_that_completes_later_completes_when_the_method_does()
    {
        grains.Calls.Clear();
        var gate = new TaskCompletionSource();
        grains.Type("Sample.Log").GetField("Gate")!.SetValue(null, gate);
        var request = (GrainRequest<Unit>)grains.Request(Calculator, "Pause");

        var pending = request.InvokeAsync(grains.New("Sample.Calculator"));
        Assert.False(pending.IsCompleted);
        gate.SetResult();
        await pending;

        Assert.Equal(["Pause", "Resumed"], grains.Calls);
    }

    [Fact]
    public async Task Invoking_a_ValueTask_method_calls_the_implementation()
    {
        grains.Calls.Clear();
        var request = grains.Request(Calculator, "Touch");

        var result = await request.InvokeUntypedAsync(grains.New("Sample.Calculator"));

        Assert.IsType<Unit>(result);
        Assert.Equal(["Touch"], grains.Calls);
    }

    [Fact]
    public void Invoking_a_void_one_way_method_calls_it_and_completes_at_once()
    {
        grains.Calls.Clear();
        var request = (GrainRequest<Unit>)grains.Request(Calculator, "FireVoid", 7);

        var pending = request.InvokeAsync(grains.New("Sample.Calculator"));

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(["FireVoid 7"], grains.Calls);
    }

    [Fact]
    public async Task Invoking_an_inherited_method_calls_the_base_interface_method()
    {
        var request = grains.Request(Calculator, "Describe");

        Assert.Equal("calculator", await request.InvokeUntypedAsync(grains.New("Sample.Calculator")));
    }

    [Fact]
    public async Task Invoking_a_cancellable_method_passes_the_requests_cancellation_token()
    {
        grains.Calls.Clear();
        using var cancellation = new CancellationTokenSource();
        var request = grains.Request(Calculator, "Move", Array.CreateInstance(grains.Type("Sample.Point"), 0), 1);
        request.CancellationToken = cancellation.Token;

        await request.InvokeUntypedAsync(grains.New("Sample.Calculator"));

        Assert.Equal(["Move canBeCanceled=True"], grains.Calls);
    }

    [Fact]
    public async Task Invoking_an_overload_calls_the_overload_the_request_was_made_for()
    {
        grains.Calls.Clear();
        var overloads = grains.Interface(Calculator).Methods.Where(m => m.Name == "Overload").ToList();
        Assert.Equal(2, overloads.Count);
        var target = grains.New("Sample.Calculator");

        foreach (var method in overloads)
        {
            var request = grains.Request(Calculator, method.Index);
            var argument = RepresentativeGrains.ArgField(request, 0).FieldType == typeof(int) ? (object)1 : "one";
            RepresentativeGrains.ArgField(request, 0).SetValue(request, argument);
            await request.InvokeUntypedAsync(target);
        }

        Assert.Equal(["Overload int", "Overload string"], grains.Calls.Order());
    }

    [Fact]
    public async Task Invoking_a_method_named_with_a_keyword_calls_it()
    {
        grains.Calls.Clear();
        var request = grains.Request(Calculator, "class", 5);

        await request.InvokeUntypedAsync(grains.New("Sample.Calculator"));

        Assert.Equal(["class 5"], grains.Calls);
    }

    [Fact]
    public async Task Invoking_a_method_with_a_default_implementation_runs_it_on_the_target()
    {
        var request = grains.Request("Sample.Shapes.IDiamond", "Defaulted");

        Assert.Equal(7, await request.InvokeUntypedAsync(grains.New("Sample.Shapes.Diamond")));
    }

    [Fact]
    public async Task Invoking_a_method_of_a_constructed_generic_base_passes_its_argument()
    {
        var request = grains.Request("Sample.Shapes.IDiamond", "Load", "key");

        Assert.Equal("key", await request.InvokeUntypedAsync(grains.New("Sample.Shapes.Diamond")));
    }

    [Fact]
    public async Task Invoking_an_observer_method_calls_the_observer()
    {
        grains.Calls.Clear();
        var watcher = grains.New("Sample.Watcher");

        await grains.Request("Sample.IWatcher", "Notify", "tick").InvokeUntypedAsync(watcher);
        var answer = await grains.Request("Sample.IWatcher", "Ask", 4).InvokeUntypedAsync(watcher);

        Assert.Equal(["Notify tick"], grains.Calls);
        Assert.Equal(40, answer);
    }

    private static string Write(GrainRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteArguments(writer, Options);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Read(GrainRequest request, string json) => Read(request, Encoding.UTF8.GetBytes(json));

    private static void Read(GrainRequest request, byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        request.ReadArguments(ref reader, Options);
        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        Assert.False(reader.Read());
    }
}
