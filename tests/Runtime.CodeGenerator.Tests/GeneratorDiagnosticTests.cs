using Microsoft.CodeAnalysis;

namespace JobRuntime.CodeGenerator.Tests;

public sealed class GeneratorDiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using JobRuntime;
        using JobRuntime.Concurrency;

        """;

    [Fact]
    public void A_generic_grain_interface_is_reported_as_JRT001()
    {
        AssertReported("JRT001", "Bad.IBox<T>", "namespace Bad { public interface IBox<T> : IGrainWithStringKey { Task<T> Get(); } }");
    }

    [Fact]
    public void A_grain_interface_nested_in_a_generic_type_is_reported_as_JRT001()
    {
        AssertReported("JRT001", "IInner", "namespace Bad { public class Outer<T> { public interface IInner : IGrainWithStringKey { Task Run(); } } }");
    }

    [Fact]
    public void A_generic_grain_method_is_reported_as_JRT002()
    {
        AssertReported("JRT002", "Bad.IGrainA.Get", "namespace Bad { public interface IGrainA : IGrainWithStringKey { Task<T> Get<T>(); } }");
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("out")]
    [InlineData("in")]
    public void A_by_reference_parameter_is_reported_as_JRT003(string modifier)
    {
        AssertReported("JRT003", "Bad.IGrainA.Set", $"namespace Bad {{ public interface IGrainA : IGrainWithStringKey {{ Task Set({modifier} int value); }} }}", "'value'");
    }

    [Theory]
    [InlineData("int")]
    [InlineData("string")]
    [InlineData("System.Collections.Generic.IAsyncEnumerable<int>")]
    public void An_unsupported_return_type_is_reported_as_JRT004(string returnType)
    {
        AssertReported("JRT004", "Bad.IGrainA.Get", $"namespace Bad {{ public interface IGrainA : IGrainWithStringKey {{ {returnType} Get(); }} }}");
    }

    [Fact]
    public void An_unsupported_return_type_on_an_observer_is_reported_as_JRT004()
    {
        AssertReported("JRT004", "Bad.IWatcher.Get", "namespace Bad { public interface IWatcher : IGrainObserver { int Get(); } }");
    }

    [Fact]
    public void A_void_grain_method_without_OneWay_is_reported_as_JRT005()
    {
        AssertReported("JRT005", "Bad.IGrainA.Run", "namespace Bad { public interface IGrainA : IGrainWithStringKey { void Run(); } }");
    }

    [Theory]
    [InlineData("Task<int>")]
    [InlineData("ValueTask<int>")]
    public void A_one_way_method_returning_a_value_is_reported_as_JRT006(string returnType)
    {
        AssertReported("JRT006", "Bad.IGrainA.Get", $"namespace Bad {{ public interface IGrainA : IGrainWithStringKey {{ [OneWay] {returnType} Get(); }} }}");
    }

    [Theory]
    [InlineData("int Count { get; }", "Count")]
    [InlineData("event EventHandler Changed;", "Changed")]
    [InlineData("int this[int index] { get; }", "this[]")]
    public void A_property_event_or_indexer_on_a_grain_interface_is_reported_as_JRT007(string member, string name)
    {
        AssertReported("JRT007", "Bad.IGrainA", $"namespace Bad {{ public interface IGrainA : IGrainWithStringKey {{ {member} }} }}", $"'{name}'");
    }

    [Theory]
    [InlineData("private")]
    [InlineData("protected")]
    [InlineData("private protected")]
    public void A_grain_class_nested_as_private_or_protected_is_reported_as_JRT008(string accessibility)
    {
        var source = $$"""
            namespace Bad
            {
                public interface IGrainA : IGrainWithStringKey { Task Run(); }
                public class Host
                {
                    {{accessibility}} sealed class HiddenGrain : Grain, IGrainA { public Task Run() => Task.CompletedTask; }
                }
            }
            """;

        var run = AssertReported("JRT008", "Bad.Host.HiddenGrain", source, accessibility);
        var registry = Assert.Single(run.GeneratedSources, s => s.HintName.Contains("GrainCodeRegistry", StringComparison.Ordinal));
        Assert.DoesNotContain("HiddenGrain", registry.SourceText.ToString());
    }

    [Fact]
    public void A_private_nested_grain_interface_is_reported_as_JRT009()
    {
        AssertReported("JRT009", "Bad.Host.IHidden", "namespace Bad { public class Host { private interface IHidden : IGrainWithStringKey { Task Run(); } } }", "private");
    }

    [Fact]
    public void A_grain_interface_with_two_key_kinds_is_reported_as_JRT010()
    {
        AssertReported("JRT010", "Bad.IGrainA", "namespace Bad { public interface IGrainA : IGrainWithStringKey, IGrainWithGuidKey { Task Run(); } }");
    }

    [Fact]
    public void A_grain_method_with_two_cancellation_tokens_is_reported_as_JRT011()
    {
        AssertReported("JRT011", "Bad.IGrainA.Run", "namespace Bad { public interface IGrainA : IGrainWithStringKey { Task Run(CancellationToken a, CancellationToken b); } }");
    }

    [Fact]
    public void A_static_abstract_member_on_a_grain_interface_is_reported_as_JRT012()
    {
        AssertReported("JRT012", "Bad.IGrainA", "namespace Bad { public interface IGrainA : IGrainWithStringKey { static abstract Task Make(); } }", "'Make'");
    }

    [Fact]
    public void A_ref_struct_parameter_is_reported_as_JRT013()
    {
        AssertReported("JRT013", "Bad.IGrainA.Send", "namespace Bad { public interface IGrainA : IGrainWithStringKey { Task Send(Span<byte> data); } }", "'data'");
    }

    [Fact]
    public void A_bad_method_of_a_base_interface_is_reported_once_and_skips_every_interface_that_inherits_it()
    {
        var source = """
            namespace Bad
            {
                public interface IBase : IGrainWithStringKey { void Run(); }
                public interface IFirst : IBase { Task First(); }
                public interface ISecond : IBase { Task Second(); }
            }
            """;

        var run = AssertReported("JRT005", "Bad.IBase.Run", source);

        Assert.Single(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Bad_", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_interface_does_not_stop_generation_for_the_good_ones()
    {
        var source = """
            namespace Mixed
            {
                public interface IBad : IGrainWithStringKey { int Get(); }
                public interface IGood : IGrainWithStringKey { Task<int> Get(); }
            }
            """;

        var run = AssertReported("JRT004", "Mixed.IBad.Get", source);

        Assert.Contains(run.GeneratedSources, s => s.HintName.StartsWith("Mixed_IGood", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("Mixed_IBad", StringComparison.Ordinal));
        var registry = Assert.Single(run.GeneratedSources, s => s.HintName.Contains("GrainCodeRegistry", StringComparison.Ordinal));
        Assert.DoesNotContain("IBad", registry.SourceText.ToString());
    }

    [Fact]
    public void Valid_void_methods_report_nothing()
    {
        var source = """
            namespace Good
            {
                public interface IGrainA : IGrainWithStringKey { [OneWay] void Fire(); }
                public interface IWatcher : IGrainObserver { void Notify(); }
            }
            """;

        GeneratorHarness.Run(Usings + source).AssertClean();
    }

    private static GeneratorRun AssertReported(string id, string name, string source, params string[] messageParts)
    {
        var run = GeneratorHarness.Run(Usings + source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("JobRuntime", diagnostic.Descriptor.Category);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(name, message);
        Assert.All(messageParts, part => Assert.Contains(part, message));
        Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile, $"{id} has no source location.");
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        return run;
    }
}
