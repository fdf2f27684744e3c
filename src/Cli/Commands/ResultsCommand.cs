using System.CommandLine;
using JobRuntime.Cli.Output;
using JobRuntime.Streams;

namespace JobRuntime.Cli.Commands;

/// <summary>
/// <c>jobrt results</c>: a job's results (or errors with <c>--errors</c>) as JSON lines on
/// standard output: everything so far, or with <c>--stream</c> everything so far and then each
/// new one as it comes, until Ctrl-C.
/// </summary>
internal static class ResultsCommand
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(CommandRunner runner)
    {
        var id = TaskOptions.JobId();
        var stream = new Option<bool>("--stream") { Description = "Keep going: print each new one as it comes, until Ctrl-C." };
        var errors = new Option<bool>("--errors") { Description = "Print the job's task errors instead of its results." };
        var command = new Command("results", "Print a job's results (or errors) as JSON lines: everything so far, or live with --stream.") { id, stream, errors };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var (job, info) = await connection.OpenJobAsync(parse.GetValue(id)!);
            var output = runner.Environment.Out;
            var lines = parse.GetValue(errors)
                ? job.GetErrorsStream(StreamSequenceToken.Beginning, cancellationToken).Select(e => JsonLines.Error(e.Error.Index, e.Error.Error))
                : job.GetResultsStream(StreamSequenceToken.Beginning, cancellationToken).Select(r => JsonLines.Result(r.Result.Value));
            if (!parse.GetValue(stream))
            {
                // A snapshot: the stream from its beginning holds exactly one event per ended task.
                var count = parse.GetValue(errors) ? info.Failed : info.Finished;
                if (count > 0)
                {
                    await foreach (var line in lines.Take(checked((int)count)).WithCancellation(cancellationToken))
                    {
                        output.WriteLine(line);
                    }
                }
                return ExitCodes.Success;
            }
            try
            {
                await using (Ticker.Start(FlushInterval, output.Flush))
                {
                    await foreach (var line in lines.WithCancellation(cancellationToken))
                    {
                        output.WriteLine(line);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C is how a live stream ends.
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
