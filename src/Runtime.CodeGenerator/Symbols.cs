using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JobRuntime.CodeGenerator
{
    /// <summary>Recognizes the runtime's marker types and turns symbols into the strings the models hold.</summary>
    internal static class Symbols
    {
        /// <summary>Fully qualified with global::, keywords for special types, nullable annotations kept.</summary>
        public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>How types are named in diagnostics.</summary>
        public static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

        public const string StringKeyMarker = "IGrainWithStringKey";
        public const string GuidKeyMarker = "IGrainWithGuidKey";
        public const string IntegerKeyMarker = "IGrainWithIntegerKey";
        public const string ObserverMarker = "IGrainObserver";
        public const string GrainMarker = "IGrain";
        public const string AddressableMarker = "IAddressable";

        private static readonly string[] AllMarkers =
        {
            StringKeyMarker, GuidKeyMarker, IntegerKeyMarker, ObserverMarker, GrainMarker, AddressableMarker,
        };

        /// <summary>True for the type <c>JobRuntime.{name}</c> (non-generic, not nested).</summary>
        public static bool IsRuntimeType(ITypeSymbol? type, string name) =>
            type is INamedTypeSymbol { Arity: 0, ContainingType: null } named
            && named.Name == name
            && IsNamespace(named.ContainingNamespace, "JobRuntime");

        /// <summary>True for the type <c>JobRuntime.Concurrency.{name}</c>.</summary>
        public static bool IsConcurrencyAttribute(INamedTypeSymbol? type, string name) =>
            type is { Arity: 0, ContainingType: null }
            && type.Name == name
            && type.ContainingNamespace is { Name: "Concurrency" } ns
            && IsNamespace(ns.ContainingNamespace, "JobRuntime");

        /// <summary>True for the top-level namespace <paramref name="name"/>.</summary>
        private static bool IsNamespace(INamespaceSymbol? ns, string name) =>
            ns is { Name: var n, ContainingNamespace.IsGlobalNamespace: true } && n == name;

        /// <summary>True for IAddressable, IGrain, the keyed markers and IGrainObserver.</summary>
        public static bool IsMarker(INamedTypeSymbol type) => AllMarkers.Any(m => IsRuntimeType(type, m));

        /// <summary>True for <c>System.Threading.CancellationToken</c>.</summary>
        public static bool IsCancellationToken(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0, ContainingType: null } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Threading";

        /// <summary>The Task-like kind of a return type, or null when it is none of the four.</summary>
        public static ReturnKind? TaskKind(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { ContainingType: null } named
                || named.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
            {
                return null;
            }
            switch (named.Name, named.Arity)
            {
                case ("Task", 0): return ReturnKind.Task;
                case ("Task", 1): return ReturnKind.TaskOfT;
                case ("ValueTask", 0): return ReturnKind.ValueTask;
                case ("ValueTask", 1): return ReturnKind.ValueTaskOfT;
                default: return null;
            }
        }

        /// <summary>
        /// Null when code in another top-level type of the assembly can name <paramref name="type"/>;
        /// otherwise the accessibility that prevents it (of the type or of a type it is nested in).
        /// </summary>
        public static string? Inaccessibility(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.IsFileLocal)
                {
                    return current.Equals(type, SymbolEqualityComparer.Default) ? "file-local" : "nested in a file-local type";
                }
                string? problem = current.DeclaredAccessibility switch
                {
                    Accessibility.Private => "private",
                    Accessibility.Protected => "protected",
                    Accessibility.ProtectedAndInternal => "private protected",
                    _ => null,
                };
                if (problem is not null)
                {
                    return current.Equals(type, SymbolEqualityComparer.Default) ? problem : "nested in a " + problem + " type";
                }
            }
            return null;
        }

        /// <summary>True when the type or any part of it failed to bind.</summary>
        public static bool ContainsErrors(ITypeSymbol type)
        {
            switch (type)
            {
                case IErrorTypeSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return ContainsErrors(array.ElementType);
                case INamedTypeSymbol named:
                    return named.TypeArguments.Any(ContainsErrors);
                default:
                    return type.TypeKind == TypeKind.Error;
            }
        }

        /// <summary>An identifier as written in C#: keywords get an @.</summary>
        public static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        /// <summary>
        /// Turns a type's dotted name (namespaces and containing types included) into one identifier,
        /// injectively: '.' becomes '_', a literal '_' becomes "_0" and any other character that is
        /// not an identifier character "_1" and four hex digits. A name segment never starts with a
        /// digit, so the code is decodable, and "__" is never followed by a letter: suffixes such as
        /// "__Proxy" cannot collide.
        /// </summary>
        public static string EncodeName(INamedTypeSymbol type) => Encode(DottedName(type));

        /// <summary>Namespaces, containing types and name, joined with '.', without global:: or @.</summary>
        public static string DottedName(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            ISymbol? current = type;
            while (current is INamedTypeSymbol named)
            {
                parts.Add(named.Name);
                current = named.ContainingSymbol;
            }
            while (current is INamespaceSymbol { IsGlobalNamespace: false } ns)
            {
                parts.Add(ns.Name);
                current = ns.ContainingNamespace;
            }
            parts.Reverse();
            return string.Join(".", parts);
        }

        public static string Encode(string dottedName)
        {
            var builder = new StringBuilder(dottedName.Length + 8);
            foreach (var c in dottedName)
            {
                if (c == '.')
                {
                    builder.Append('_');
                }
                else if (c == '_')
                {
                    builder.Append("_0");
                }
                else if (SyntaxFacts.IsIdentifierPartCharacter(c))
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append("_1").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            return builder.ToString();
        }

        /// <summary>Keeps the identifier characters of a name (for readable generated type names).</summary>
        public static string Sanitize(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name)
            {
                if (SyntaxFacts.IsIdentifierPartCharacter(c))
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }
    }
}
