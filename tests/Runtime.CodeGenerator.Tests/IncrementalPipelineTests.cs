using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JobRuntime.CodeGenerator.Tests;

public sealed class IncrementalPipelineTests
{
    [Fact]
    public void An_edit_that_does_not_touch_grain_code_leaves_every_output_cached()
    {
        var run = GeneratorHarness.Run(Samples.Representative);
        var edited = run.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Unrelated { public class Helper { } }", GeneratorHarness.ParseOptions, path: "Helper.cs"));

        var rerun = run.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        var outputs = rerun.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void The_pipeline_carries_no_symbols_syntax_or_compilations()
    {
        var run = GeneratorHarness.Run(Samples.Representative);

        var steps = run.Result.Results.Single().TrackedSteps;
        Assert.NotEmpty(steps);
        var values = steps.SelectMany(step => step.Value).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.False(v is ISymbol or SyntaxNode or Compilation or SemanticModel, $"{v.GetType()} in the pipeline"));
    }
}
