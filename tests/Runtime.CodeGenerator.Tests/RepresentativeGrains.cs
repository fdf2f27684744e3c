using System.Reflection;
using JobRuntime.CodeGeneration;

namespace JobRuntime.CodeGenerator.Tests;

/// <summary>The representative sample, generated, compiled and loaded once per test class.</summary>
public sealed class RepresentativeGrains
{
    public RepresentativeGrains()
    {
        Run = GeneratorHarness.Run(Samples.Representative);
        Assembly = Run.Load();
        var attribute = Assembly.GetCustomAttributes<GeneratedGrainCodeAttribute>().Single();
        Registry = (IGrainCodeRegistry)Activator.CreateInstance(attribute.RegistryType)!;
    }

    internal GeneratorRun Run { get; }

    public Assembly Assembly { get; }

    public IGrainCodeRegistry Registry { get; }

    /// <summary>The calls the sample implementations recorded (cleared by each test that reads it).</summary>
    public List<string> Calls => (List<string>)Assembly.GetType("Sample.Log")!.GetField("Calls")!.GetValue(null)!;

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    public object New(string fullName) => Activator.CreateInstance(Type(fullName))!;

    public GrainInterfaceInfo Interface(string fullName) => Registry.GetInterfaces().Single(i => i.InterfaceType.FullName == fullName);

    public int IndexOf(string interfaceName, string methodName) =>
        Interface(interfaceName).Methods.Single(m => m.Name == methodName).Index;

    /// <summary>A new request of the named method with its Arg fields set to <paramref name="arguments"/>.</summary>
    public GrainRequest Request(string interfaceName, string methodName, params object?[] arguments) =>
        Request(interfaceName, IndexOf(interfaceName, methodName), arguments);

    public GrainRequest Request(string interfaceName, int index, params object?[] arguments)
    {
        var request = Interface(interfaceName).CreateRequest[index]();
        for (var i = 0; i < arguments.Length; i++)
        {
            ArgField(request, i).SetValue(request, arguments[i]);
        }
        return request;
    }

    public static FieldInfo ArgField(GrainRequest request, int index) =>
        request.GetType().GetField("Arg" + index) ?? throw new InvalidOperationException($"{request.GetType()} has no Arg{index}.");

    public static object? Arg(GrainRequest request, int index) => ArgField(request, index).GetValue(request);
}
