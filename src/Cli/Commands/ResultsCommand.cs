using System.CommandLine;
using JobRuntime.Cli.Output;

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
            var (job, _) = await connection.OpenJobAsync(parse.GetValue(id)!);
            var output = runner.Environment.Out;
            if (!parse.GetValue(stream))
            {
                // A snapshot: what the job's log holds now.
                var snapshot = parse.GetValue(errors)
                    ? job.ReadErrorsAsync(0, cancellationToken).Select(e => JsonLines.Error(e.Item.Index, e.Item.Error))
                    : job.ReadResultsAsync(0, cancellationToken).Select(r => JsonLines.Result(r.Item.Value));
                await foreach (var line in snapshot.WithCancellation(cancellationToken))
                {
                    output.WriteLine(line);
                }
                return ExitCodes.Success;
            }
            // Live, from the first: position 0 is before every event.
            var lines = parse.GetValue(errors)
                ? job.GetErrorsStream(0, cancellationToken).Select(e => JsonLines.Error(e.Item.Index, e.Item.Error))
                : job.GetResultsStream(0, cancellationToken).Select(r => JsonLines.Result(r.Item.Value));
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
