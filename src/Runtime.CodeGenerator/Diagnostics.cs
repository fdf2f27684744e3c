using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace JobRuntime.CodeGenerator
{
    /// <summary>The generator's diagnostics. All are errors: the generator skips what they name.</summary>
    internal static class Diagnostics
    {
        private const string Category = "JobRuntime";

        public static readonly DiagnosticDescriptor GenericInterface = Error(
            "JRT001",
            "Grain interfaces must not be generic",
            "Grain interface '{0}' is generic (or nested in a generic type); grain and observer interfaces must not have type parameters");

        public static readonly DiagnosticDescriptor GenericMethod = Error(
            "JRT002",
            "Grain methods must not be generic",
            "Method '{0}.{1}' is generic; grain and observer methods must not have type parameters");

        public static readonly DiagnosticDescriptor ByRefParameter = Error(
            "JRT003",
            "Grain method parameters must be passed by value",
            "Parameter '{2}' of method '{0}.{1}' is a {3} parameter; grain and observer method parameters must be passed by value");

        public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
            "JRT004",
            "Unsupported grain method return type",
            "Method '{0}.{1}' returns '{2}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T> (or void when [OneWay] or on an observer interface)");

        public static readonly DiagnosticDescriptor VoidWithoutOneWay = Error(
            "JRT005",
            "A void grain method must be [OneWay]",
            "Method '{0}.{1}' returns void but is not marked [OneWay]; return Task or ValueTask, or mark it [OneWay]");

        public static readonly DiagnosticDescriptor OneWayWithResult = Error(
            "JRT006",
            "A one-way method cannot return a value",
            "Method '{0}.{1}' is marked [OneWay] but returns '{2}'; one-way methods must return Task, ValueTask or void because the caller never sees a result");

        public static readonly DiagnosticDescriptor PropertyOrEvent = Error(
            "JRT007",
            "Grain interfaces may declare only methods",
            "Grain interface '{0}' declares the {1} '{2}'; grain and observer interfaces may declare only methods");

        public static readonly DiagnosticDescriptor InaccessibleGrainClass = Error(
            "JRT008",
            "Grain classes must be internal or public",
            "Grain class '{0}' is {1}; grain classes must be internal or public (and so must the types they are nested in)");

        public static readonly DiagnosticDescriptor InaccessibleInterface = Error(
            "JRT009",
            "Grain interfaces must be internal or public",
            "Grain interface '{0}' is {1}; grain and observer interfaces must be internal or public (and so must the types they are nested in)");

        public static readonly DiagnosticDescriptor ConflictingKeyKinds = Error(
            "JRT010",
            "A grain interface must have a single key kind",
            "Grain interface '{0}' extends more than one of IGrainWithStringKey, IGrainWithGuidKey, IGrainWithIntegerKey and IGrainObserver ({1})");

        public static readonly DiagnosticDescriptor SeveralCancellationTokens = Error(
            "JRT011",
            "A grain method takes at most one CancellationToken",
            "Method '{0}.{1}' has more than one CancellationToken parameter; a grain call carries a single token");

        public static readonly DiagnosticDescriptor StaticAbstractMember = Error(
            "JRT012",
            "Grain interfaces must not declare static abstract members",
            "Grain interface '{0}' declares the static abstract member '{1}', which a generated proxy cannot implement");

        public static readonly DiagnosticDescriptor UnstorableParameter = Error(
            "JRT013",
            "Grain method parameters must be storable",
            "Parameter '{2}' of method '{0}.{1}' has type '{3}', a ref struct or pointer, which a grain request cannot hold");

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = new[]
        {
            GenericInterface, GenericMethod, ByRefParameter, UnsupportedReturnType, VoidWithoutOneWay, OneWayWithResult,
            PropertyOrEvent, InaccessibleGrainClass, InaccessibleInterface, ConflictingKeyKinds, SeveralCancellationTokens,
            StaticAbstractMember, UnstorableParameter,
        }.ToDictionary(d => d.Id);

        public static DiagnosticDescriptor Find(string id) => ById[id];

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }

    /// <summary>A source location without the syntax tree, so models can be compared.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
        {
            if (location is null || !location.IsInSource)
            {
                return null;
            }
            return new LocationInfo(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);
        }

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }

    /// <summary>A diagnostic to report, in comparable form.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
            new DiagnosticInfo(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(arguments));

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Diagnostics.Find(Id), Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
