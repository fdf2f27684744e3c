namespace JobRuntime.Cli;

/// <summary>A failure the CLI reports as one line and an exit code (1: the tool failed, 2: bad usage).</summary>
internal class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>A task line that is not JSON; the command adds what had been submitted by then.</summary>
internal sealed class TaskLineException(string message) : CliException(message);

/// <summary>The exit codes of <c>jobrt</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did its work (for <c>run</c>: every task ended, even with task errors).</summary>
    public const int Success = 0;

    /// <summary>The tool failed: the program was rejected, a job was not found, the silo was unreachable, a task line was not JSON.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown command or option, missing or conflicting arguments.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl-C before the command's work was done (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
