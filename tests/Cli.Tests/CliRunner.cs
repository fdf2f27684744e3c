using JobRuntime.Hosting;

namespace JobRuntime.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output's non-empty lines.</summary>
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>jobrt</c> in-process with captured streams and no environment variables but the given ones.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string[] args, string stdin = "", IReadOnlyDictionary<string, string>? variables = null, Action<ISiloBuilder>? embeddedSilo = null, CancellationToken cancellationToken = default)
    {
        var output = new CapturedWriter();
        var error = new CapturedWriter();
        var code = await RunAsync(args, stdin, output, error, variables, embeddedSilo, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<int> RunAsync(string[] args, string stdin, CapturedWriter output, CapturedWriter error, IReadOnlyDictionary<string, string>? variables = null, Action<ISiloBuilder>? embeddedSilo = null, CancellationToken cancellationToken = default)
    {
        var environment = new CliEnvironment(new StringReader(stdin), output, error)
        {
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            ConfigureEmbeddedSilo = embeddedSilo,
        };
        return Cli.RunAsync(args, environment, cancellationToken);
    }

    /// <summary>Newline-delimited JSON of the given values.</summary>
    public static string Lines<T>(IEnumerable<T> values) => string.Concat(values.Select(v => System.Text.Json.JsonSerializer.Serialize(v) + "\n"));
}

/// <summary>A text writer that may be read while the CLI writes to it.</summary>
internal sealed class CapturedWriter : StringWriter
{
    private readonly Lock _lock = new();

    public override void Write(char value)
    {
        lock (_lock)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            base.Write(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return base.ToString();
        }
    }
}
