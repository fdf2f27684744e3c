using System.Linq;

namespace JobRuntime.CodeGenerator
{
    // The pipeline's values: plain strings and equatable arrays, never symbols or syntax, so the
    // incremental driver can tell when a step's output did not change.

    /// <summary>How a grain method returns.</summary>
    internal enum ReturnKind
    {
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
        Void,
    }

    /// <summary>One parameter of a grain method.</summary>
    /// <param name="Name">The name as written in C# (escaped with @ when a keyword).</param>
    /// <param name="RawName">The name as the runtime reports it.</param>
    /// <param name="Type">The declared type, fully qualified, nullable annotations kept.</param>
    /// <param name="IsCancellationToken">True for the method's CancellationToken.</param>
    internal sealed record ParameterModel(string Name, string RawName, string Type, bool IsCancellationToken);

    /// <summary>One entry of a grain interface's method table.</summary>
    /// <param name="Name">The method name as written in C# (escaped when a keyword).</param>
    /// <param name="RawName">The method name as the runtime reports it.</param>
    /// <param name="Index">The position in the proxied interface's method table.</param>
    /// <param name="DeclaringInterface">The interface that declares the method (fully qualified).</param>
    /// <param name="ReturnKind">How the method returns.</param>
    /// <param name="ReturnType">The declared return type (fully qualified).</param>
    /// <param name="ResultType">The request's result type: T of Task&lt;T&gt;/ValueTask&lt;T&gt;, else Unit.</param>
    /// <param name="Flags">The GrainMethodFlags member names that apply.</param>
    /// <param name="Parameters">All parameters, in order.</param>
    /// <param name="RequestClass">The generated request class's name.</param>
    internal sealed record MethodModel(
        string Name,
        string RawName,
        int Index,
        string DeclaringInterface,
        ReturnKind ReturnKind,
        string ReturnType,
        string ResultType,
        EquatableArray<string> Flags,
        EquatableArray<ParameterModel> Parameters,
        string RequestClass)
    {
        public bool IsOneWay => Flags.Contains("OneWay");
    }

    /// <summary>A grain or observer interface to generate a proxy and requests for.</summary>
    /// <param name="FullName">The interface, fully qualified with global::.</param>
    /// <param name="DisplayName">The interface as shown in messages.</param>
    /// <param name="EncodedName">The unique identifier the generated type names start with.</param>
    /// <param name="KeyKind">The GrainKeyKind member name.</param>
    /// <param name="Methods">The method table, by index.</param>
    internal sealed record InterfaceModel(
        string FullName,
        string DisplayName,
        string EncodedName,
        string KeyKind,
        EquatableArray<MethodModel> Methods)
    {
        public string ProxyClass => EncodedName + "__Proxy";

        /// <summary>
        /// The generated file's name. Hint names are compared ignoring case, so a hash of the exact
        /// name keeps interfaces whose names differ only in case apart.
        /// </summary>
        public string HintName => EncodedName + "." + Fnv1a(EncodedName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";

        private static uint Fnv1a(string text)
        {
            unchecked
            {
                var hash = 2166136261u;
                foreach (var c in text)
                {
                    hash = (hash ^ c) * 16777619u;
                }
                return hash;
            }
        }
    }

    /// <summary>What the registry needs of one interface.</summary>
    internal sealed record RegistryInterface(
        string FullName,
        string KeyKind,
        string ProxyClass,
        EquatableArray<string> RequestClasses);

    /// <summary>A grain class and the grain interfaces it implements (both fully qualified).</summary>
    internal sealed record GrainClassModel(string FullName, EquatableArray<string> Interfaces);

    /// <summary>The outcome of looking at one interface declaration.</summary>
    internal sealed record InterfaceResult(InterfaceModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>The outcome of looking at one class declaration.</summary>
    internal sealed record ClassResult(GrainClassModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
