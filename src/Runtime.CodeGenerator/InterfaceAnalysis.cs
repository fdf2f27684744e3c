using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JobRuntime.CodeGenerator
{
    /// <summary>Turns an interface declaration into a model of its proxy and requests, or diagnostics.</summary>
    internal static class InterfaceAnalysis
    {
        public static bool IsCandidate(SyntaxNode node) =>
            node is InterfaceDeclarationSyntax declaration
            && (declaration.BaseList is not null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

        public static InterfaceResult? Analyze(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (InterfaceDeclarationSyntax)context.Node;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
                || !Declarations.IsCanonical(type, declaration)
                || Symbols.IsMarker(type))
            {
                return null;
            }

            var keyKinds = KeyKinds(type);
            if (keyKinds.Count == 0)
            {
                // Not a grain or observer interface, or one that extends only IGrain: nothing to generate.
                return null;
            }

            var typeName = type.ToDisplayString(Symbols.MessageFormat);
            var typeLocation = type.Locations.FirstOrDefault();
            var diagnostics = new List<DiagnosticInfo>();
            if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericInterface, typeLocation, typeName));
            }
            if (Symbols.Inaccessibility(type) is { } inaccessibility)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InaccessibleInterface, typeLocation, typeName, inaccessibility));
            }
            if (keyKinds.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ConflictingKeyKinds, typeLocation, typeName, string.Join(", ", keyKinds)));
            }

            var isObserver = keyKinds[0] == "Observer";
            var encodedName = Symbols.EncodeName(type);
            var methods = new List<MethodModel>();
            var hasErrorTypes = false;
            foreach (var declaringInterface in MethodTableInterfaces(type))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var interfaceName = declaringInterface.ToDisplayString(Symbols.MessageFormat);
                foreach (var member in declaringInterface.GetMembers())
                {
                    // Only members a proxy must or may implement matter: a non-virtual (sealed or
                    // private) instance member or a non-abstract static one has a body of its own.
                    var overridable = member.IsAbstract || (member.IsVirtual && !member.IsStatic);
                    if (!overridable)
                    {
                        continue;
                    }
                    switch (member)
                    {
                        case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method:
                            var model = AnalyzeMethod(method, interfaceName, declaringInterface, isObserver, methods.Count, encodedName, diagnostics, ref hasErrorTypes);
                            if (model is not null)
                            {
                                methods.Add(model);
                            }
                            break;
                        case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: true } method:
                            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.StaticAbstractMember, LocationOf(member, typeLocation), interfaceName, method.Name));
                            break;
                        case IPropertySymbol { IsStatic: true } or IEventSymbol { IsStatic: true }:
                            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.StaticAbstractMember, LocationOf(member, typeLocation), interfaceName, member.Name));
                            break;
                        case IPropertySymbol property:
                            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PropertyOrEvent, LocationOf(member, typeLocation), interfaceName, property.IsIndexer ? "indexer" : "property", property.IsIndexer ? "this[]" : property.Name));
                            break;
                        case IEventSymbol @event:
                            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PropertyOrEvent, LocationOf(member, typeLocation), interfaceName, "event", @event.Name));
                            break;
                    }
                }
            }

            var info = diagnostics.ToEquatableArray();
            if (diagnostics.Count > 0 || hasErrorTypes)
            {
                // The compiler reports unbound types itself; generating against them would only add noise.
                return new InterfaceResult(null, info);
            }
            var interfaceModel = new InterfaceModel(
                type.ToDisplayString(Symbols.TypeFormat),
                typeName,
                encodedName,
                keyKinds[0],
                methods.ToEquatableArray());
            return new InterfaceResult(interfaceModel, info);
        }

        /// <summary>The key kinds (GrainKeyKind member names) an interface gets from the markers it extends.</summary>
        private static List<string> KeyKinds(INamedTypeSymbol type)
        {
            var kinds = new List<string>();
            foreach (var (marker, kind) in new[]
            {
                (Symbols.StringKeyMarker, "String"),
                (Symbols.GuidKeyMarker, "Guid"),
                (Symbols.IntegerKeyMarker, "Integer"),
                (Symbols.ObserverMarker, "Observer"),
            })
            {
                if (type.AllInterfaces.Any(i => Symbols.IsRuntimeType(i, marker)))
                {
                    kinds.Add(kind);
                }
            }
            return kinds;
        }

        /// <summary>
        /// The interfaces whose methods make up the method table, in table order: the interface
        /// itself, then its bases breadth first in declaration order, each once, markers left out.
        /// </summary>
        private static List<INamedTypeSymbol> MethodTableInterfaces(INamedTypeSymbol type)
        {
            var result = new List<INamedTypeSymbol> { type };
            var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default) { type };
            for (var i = 0; i < result.Count; i++)
            {
                foreach (var baseInterface in result[i].Interfaces)
                {
                    if (!Symbols.IsMarker(baseInterface) && seen.Add(baseInterface))
                    {
                        result.Add(baseInterface);
                    }
                }
            }
            return result;
        }

        private static MethodModel? AnalyzeMethod(
            IMethodSymbol method,
            string interfaceName,
            INamedTypeSymbol declaringInterface,
            bool isObserver,
            int index,
            string encodedName,
            List<DiagnosticInfo> diagnostics,
            ref bool hasErrorTypes)
        {
            var location = LocationOf(method, declaringInterface.Locations.FirstOrDefault());
            var before = diagnostics.Count;

            var flags = new List<string>();
            var isOneWay = method.GetAttributes().Any(a => Symbols.IsConcurrencyAttribute(a.AttributeClass, "OneWayAttribute"));
            if (method.IsGenericMethod)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericMethod, location, interfaceName, method.Name));
            }

            var parameters = new List<ParameterModel>();
            var tokens = 0;
            foreach (var parameter in method.Parameters)
            {
                if (Symbols.ContainsErrors(parameter.Type))
                {
                    hasErrorTypes = true;
                }
                if (parameter.RefKind != RefKind.None)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ByRefParameter, LocationOf(parameter, location), interfaceName, method.Name, parameter.Name, RefKindText(parameter.RefKind)));
                }
                else if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnstorableParameter, LocationOf(parameter, location), interfaceName, method.Name, parameter.Name, parameter.Type.ToDisplayString(Symbols.MessageFormat)));
                }
                var isToken = Symbols.IsCancellationToken(parameter.Type);
                if (isToken)
                {
                    tokens++;
                }
                parameters.Add(new ParameterModel(
                    Symbols.Escape(parameter.Name),
                    parameter.Name,
                    parameter.Type.ToDisplayString(Symbols.TypeFormat),
                    isToken));
            }
            if (tokens > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SeveralCancellationTokens, location, interfaceName, method.Name));
            }

            if (Symbols.ContainsErrors(method.ReturnType))
            {
                hasErrorTypes = true;
            }
            ReturnKind returnKind;
            var resultType = "global::JobRuntime.CodeGeneration.Unit";
            var returnTypeText = method.ReturnType.ToDisplayString(Symbols.MessageFormat);
            if (method.ReturnsVoid && !method.ReturnsByRef && !method.ReturnsByRefReadonly)
            {
                returnKind = ReturnKind.Void;
                if (!isOneWay && !isObserver)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.VoidWithoutOneWay, location, interfaceName, method.Name));
                }
                // A void observer method is fire-and-forget.
                isOneWay = true;
            }
            else if (!method.ReturnsByRef && !method.ReturnsByRefReadonly && Symbols.TaskKind(method.ReturnType) is { } kind)
            {
                returnKind = kind;
                if (kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
                {
                    resultType = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToDisplayString(Symbols.TypeFormat);
                    if (isOneWay)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.OneWayWithResult, location, interfaceName, method.Name, returnTypeText));
                    }
                }
            }
            else
            {
                returnKind = ReturnKind.Task;
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedReturnType, location, interfaceName, method.Name, (method.ReturnsByRef || method.ReturnsByRefReadonly ? "ref " : string.Empty) + returnTypeText));
            }

            if (diagnostics.Count > before)
            {
                return null;
            }

            if (isOneWay)
            {
                flags.Add("OneWay");
            }
            if (method.GetAttributes().Any(a => Symbols.IsConcurrencyAttribute(a.AttributeClass, "AlwaysInterleaveAttribute")))
            {
                flags.Add("AlwaysInterleave");
            }
            if (method.GetAttributes().Any(a => Symbols.IsConcurrencyAttribute(a.AttributeClass, "ReadOnlyAttribute")))
            {
                flags.Add("ReadOnly");
            }
            if (tokens > 0)
            {
                flags.Add("Cancellable");
            }

            return new MethodModel(
                Symbols.Escape(method.Name),
                method.Name,
                index,
                declaringInterface.ToDisplayString(Symbols.TypeFormat),
                returnKind,
                method.ReturnType.ToDisplayString(Symbols.TypeFormat),
                resultType,
                flags.ToEquatableArray(),
                parameters.ToEquatableArray(),
                encodedName + "__Request" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Symbols.Sanitize(method.Name));
        }

        private static string RefKindText(RefKind kind) => kind switch
        {
            RefKind.Out => "out",
            RefKind.In => "in",
            RefKind.Ref => "ref",
            _ => "ref readonly",
        };

        private static Location? LocationOf(ISymbol symbol, Location? fallback) =>
            symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? fallback;
    }

    /// <summary>Helps look at each (possibly partial) type once.</summary>
    internal static class Declarations
    {
        /// <summary>
        /// True when <paramref name="declaration"/> is the first declaration of <paramref name="type"/>:
        /// the one a partial type's model is made from.
        /// </summary>
        public static bool IsCanonical(INamedTypeSymbol type, SyntaxNode declaration)
        {
            var first = type.DeclaringSyntaxReferences.FirstOrDefault();
            return first is not null && first.SyntaxTree == declaration.SyntaxTree && first.Span == declaration.Span;
        }
    }
}
