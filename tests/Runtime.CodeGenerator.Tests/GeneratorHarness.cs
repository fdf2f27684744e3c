using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JobRuntime.CodeGenerator.Tests;

/// <summary>Runs the grain code generator over C# snippets compiled against the runtime assembly.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        // Like GenerateDocumentationFile: doc comments are parsed and checked.
        .WithDocumentationMode(DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(IGrain).Assembly.Location);
        return [.. paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>The same settings as the repository's projects: nullable on, all warnings, docs checked.</summary>
    public static CSharpCompilation Compile(string assemblyName, IEnumerable<MetadataReference>? extraReferences = null, params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                // The snippets' own public types are undocumented; generated code must be clean of everything.
                specificDiagnosticOptions: [new("CS1591", ReportDiagnostic.Suppress)]));

    public static GeneratorRun Run(params string[] sources) => RunAssembly("TestGrains", null, sources);

    public static GeneratorRun RunAssembly(string assemblyName, IEnumerable<MetadataReference>? extraReferences, params string[] sources)
    {
        var compilation = Compile(assemblyName, extraReferences, sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new GrainCodeGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(compilation, output, generatorDiagnostics, driver);
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    GeneratorDriver Driver)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => Result.Results.Single().GeneratedSources;

    public string GeneratedText => string.Join("\n", GeneratedSources.Select(s => $"// ---- {s.HintName}\n{s.SourceText}"));

    /// <summary>Warnings and errors of the compilation with the generated code (generator diagnostics included).</summary>
    public IReadOnlyList<Diagnostic> Problems =>
        [.. GeneratorDiagnostics.Concat(Output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>Fails with the problems and the generated code unless the output compiles cleanly.</summary>
    public GeneratorRun AssertClean()
    {
        Assert.True(Problems.Count == 0, "Expected no problems, got:\n" + string.Join("\n", Problems) + "\n\nGenerated:\n" + GeneratedText);
        return this;
    }

    /// <summary>Emits the compilation and loads it into a collectible context.</summary>
    public Assembly Load()
    {
        AssertClean();
        using var stream = new MemoryStream();
        var emitted = Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext(Output.AssemblyName + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(stream);
    }

    /// <summary>Emits the compilation to a metadata reference (for a second assembly to use).</summary>
    public MetadataReference ToReference()
    {
        AssertClean();
        using var stream = new MemoryStream();
        var emitted = Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
