using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JobRuntime.CodeGenerator
{
    /// <summary>Finds grain classes: concrete classes deriving from Grain or implementing IGrainBase.</summary>
    internal static class ClassAnalysis
    {
        public static bool IsCandidate(SyntaxNode node) =>
            node is ClassDeclarationSyntax declaration
            && (declaration.BaseList is not null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

        public static ClassResult? Analyze(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (ClassDeclarationSyntax)context.Node;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
                || !Declarations.IsCanonical(type, declaration)
                || type.IsAbstract
                || type.IsStatic
                || type.IsGenericType
                || !IsGrainClass(type))
            {
                return null;
            }

            var interfaces = type.AllInterfaces
                .Where(i => !Symbols.IsMarker(i) && i.AllInterfaces.Any(b => Symbols.IsRuntimeType(b, Symbols.GrainMarker)))
                .ToList();
            if (interfaces.Count == 0)
            {
                return null;
            }

            if (Symbols.Inaccessibility(type) is { } inaccessibility)
            {
                var diagnostic = DiagnosticInfo.Create(
                    Diagnostics.InaccessibleGrainClass,
                    type.Locations.FirstOrDefault(),
                    type.ToDisplayString(Symbols.MessageFormat),
                    inaccessibility);
                return new ClassResult(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
            }

            // An interface the registry cannot name is reported where it is declared (JRT009).
            var names = interfaces
                .Where(i => Symbols.Inaccessibility(i) is null && !Symbols.ContainsErrors(i))
                .Select(i => i.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                .ToEquatableArray();
            return new ClassResult(new GrainClassModel(type.ToDisplayString(Symbols.TypeFormat), names), EquatableArray<DiagnosticInfo>.Empty);
        }

        private static bool IsGrainClass(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (Symbols.IsRuntimeType(current, "Grain"))
                {
                    return true;
                }
            }
            return type.AllInterfaces.Any(i => Symbols.IsRuntimeType(i, "IGrainBase"));
        }
    }
}
