using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace JobRuntime.CodeGenerator
{
    /// <summary>
    /// Generates, for the compilation being built, a proxy and one request class per method for
    /// each grain and observer interface, and one registry naming those and the grain classes.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class GrainCodeGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var interfaces = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => InterfaceAnalysis.IsCandidate(node),
                    static (syntax, cancellationToken) => InterfaceAnalysis.Analyze(syntax, cancellationToken))
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.Interfaces);

            var classes = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => ClassAnalysis.IsCandidate(node),
                    static (syntax, cancellationToken) => ClassAnalysis.Analyze(syntax, cancellationToken))
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.Classes);

            var interfaceModels = interfaces
                .Where(static result => result.Model is not null)
                .Select(static (result, _) => result.Model!);

            var classModels = classes
                .Where(static result => result.Model is not null)
                .Select(static (result, _) => result.Model!);

            context.RegisterSourceOutput(interfaceModels, static (output, model) =>
                output.AddSource(model.HintName, Emitter.EmitInterface(model)));

            var registryEntries = interfaceModels
                .Select(static (model, _) => new RegistryInterface(
                    model.FullName,
                    model.KeyKind,
                    model.ProxyClass,
                    model.Methods.Select(m => m.RequestClass).ToEquatableArray()))
                .WithTrackingName(TrackingNames.RegistryInterfaces)
                .Collect()
                .Combine(classModels.Collect())
                .WithTrackingName(TrackingNames.Registry);
            context.RegisterSourceOutput(registryEntries, static (output, entries) => EmitRegistry(output, entries.Left, entries.Right));

            var diagnostics = interfaces
                .Select(static (result, _) => result.Diagnostics)
                .Collect()
                .Combine(classes.Select(static (result, _) => result.Diagnostics).Collect())
                .WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (output, all) =>
            {
                // An interface reports the bad methods of its bases too: report each problem once.
                var seen = new HashSet<DiagnosticInfo>();
                foreach (var diagnostic in all.Left.Concat(all.Right).SelectMany(d => d))
                {
                    if (seen.Add(diagnostic))
                    {
                        output.ReportDiagnostic(diagnostic.ToDiagnostic());
                    }
                }
            });
        }

        /// <summary>Names of the pipeline's steps, for tests of its caching.</summary>
        public static class TrackingNames
        {
            /// <summary>Each interface declaration's model and diagnostics.</summary>
            public const string Interfaces = "GrainInterfaces";

            /// <summary>Each class declaration's model and diagnostics.</summary>
            public const string Classes = "GrainClasses";

            /// <summary>What the registry needs of each interface.</summary>
            public const string RegistryInterfaces = "RegistryInterfaces";

            /// <summary>All the registry's input.</summary>
            public const string Registry = "Registry";

            /// <summary>All diagnostics.</summary>
            public const string Diagnostics = "Diagnostics";
        }

        private static void EmitRegistry(SourceProductionContext output, ImmutableArray<RegistryInterface> interfaces, ImmutableArray<GrainClassModel> classes)
        {
            if (interfaces.IsEmpty && classes.IsEmpty)
            {
                return;
            }
            var sortedInterfaces = interfaces.OrderBy(i => i.FullName, System.StringComparer.Ordinal).ToList();
            var sortedClasses = classes.OrderBy(c => c.FullName, System.StringComparer.Ordinal).ToList();
            output.AddSource(Emitter.GeneratedNamespace + "." + Emitter.RegistryClass + ".g.cs", Emitter.EmitRegistry(sortedInterfaces, sortedClasses));
        }
    }
}
