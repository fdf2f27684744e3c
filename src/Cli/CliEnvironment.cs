
namespace JobRuntime.Cli;

/// <summary>
/// What one run of <c>jobrt</c> reads and writes: its standard streams, its environment variables
/// and, for the embedded silo, extra silo configuration (e.g. .NET task handlers of an app that
/// hosts the CLI). Tests pass their own readers and writers.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>An environment over the given streams and the process's environment variables.</summary>
    public CliEnvironment(TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        In = input;
        // Results are written by one loop while a ticker flushes and draws progress: both lock.
        Out = TextWriter.Synchronized(output);
        Error = TextWriter.Synchronized(error);
    }

    /// <summary>Standard input: tasks when no file is given.</summary>
    public TextReader In { get; }

    /// <summary>Standard output: results, ids, job listings.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: progress, task errors and messages.</summary>
    public TextWriter Error { get; }

    /// <summary>
    /// Whether standard error is a terminal: long commands then draw progress bars
    /// (Spectre.Console) on it; otherwise they write plain progress lines. Default: false.
    /// </summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Reads an environment variable (<c>JOBRT_GATEWAY</c>, <c>JOBRT_USER</c>, <c>JOBRT_DB</c>). Default: the process's.</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>More configuration of the embedded silo, when no gateway is configured. Default: none.</summary>
    public Action<ISiloBuilder>? ConfigureEmbeddedSilo { get; init; }
}
