using System.CommandLine;
using JobRuntime.GrainInterfaces;
using JobRuntime.Cli.Hosting;

namespace JobRuntime.Cli.Commands;

/// <summary>Runs a command's body: connects on request and turns failures into one message and an exit code.</summary>
internal sealed class CommandRunner(CliEnvironment environment, GlobalOptions global)
{
    public CliEnvironment Environment => environment;

    /// <summary>Connects to the configured silo, or starts the embedded one.</summary>
    public Task<JobConnection> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        JobConnection.OpenAsync(global.Resolve(parse, environment.GetVariable), environment.ConfigureEmbeddedSilo, cancellationToken);

    /// <summary>Runs <paramref name="body"/>; a failure prints "jobrt: message" on standard error and returns its exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            return Report(e.Message, e.ExitCode);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Report("interrupted.", ExitCodes.Interrupted);
        }
        catch (Exception e) when (e is JobRuntimeException or OrleansException or IOException or UnauthorizedAccessException)
        {
            // Refused programs, unknown jobs, unreachable or refusing silos: the message says it all.
            return Report(e.Message, ExitCodes.Failure);
        }
        catch (Exception e)
        {
            return Report($"unexpected {e.GetType().Name}: {e.Message}", ExitCodes.Failure);
        }
        finally
        {
            try
            {
                environment.Out.Flush();
            }
            catch (IOException)
            {
                // The reader went away (e.g. "| head"): nothing more to say to it.
            }
        }
    }

    private int Report(string message, int exitCode)
    {
        environment.Error.WriteLine($"jobrt: {message}");
        environment.Error.Flush();
        return exitCode;
    }
}
