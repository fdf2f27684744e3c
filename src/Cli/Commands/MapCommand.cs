using System.CommandLine;
using JobRuntime.Cli.Input;
using JobRuntime.Cli.Output;
using JobRuntime.Client.Map;

namespace JobRuntime.Cli.Commands;

/// <summary>
/// <c>jobrt map</c>: maps a program over newline-delimited JSON items and writes one result line
/// per item, in item order (or as completed with <c>--unordered</c>). A failed item stops the map
/// with its error unless <c>--suppress-errors</c>, which writes <c>null</c> in its place and the
/// error on standard error. Ctrl-C stops it and deletes the map's job.
/// </summary>
internal static class MapCommand
{
    public static Command Create(CommandRunner runner)
    {
        var program = new ProgramOptions();
        var tasks = TaskOptions.Tasks();
        var workers = new Option<int?>("--workers", "-n") { Description = "Items computed at once at most. Default: as many as the cluster's workers take.", HelpName = "count" };
        var unordered = new Option<bool>("--unordered") { Description = "Write results as they complete instead of in item order." };
        var suppress = new Option<bool>("--suppress-errors") { Description = "Write null for a failed item (its error goes to standard error) and go on." };
        var command = new Command("map", "Map a program over JSON items (one per line) and write each result as a JSON line, in item order.");
        program.AddTo(command);
        command.Add(tasks);
        command.Add(workers);
        command.Add(unordered);
        command.Add(suppress);
        command.Validators.Add(r =>
        {
            if (r.GetValue(workers) is < 1)
            {
                r.AddError("--workers must be at least 1.");
            }
        });
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            var (text, kind, jobOptions) = await program.ReadAsync(parse, cancellationToken);
            using var source = TaskSource.Open(parse.GetValue(tasks), runner.Environment.In);
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var options = new MapOptions
            {
                Workers = parse.GetValue(workers),
                Ordered = !parse.GetValue(unordered),
                SuppressErrors = parse.GetValue(suppress),
                ItemTimeout = TimeSpan.FromSeconds(jobOptions.TaskTimeoutSeconds),
            };
            var run = new MapClient(connection.Client, connection.Jobs.Owner).MapJsonAsync(text, kind, source.ReadAsync(cancellationToken), options);
            var output = runner.Environment.Out;
            var errorsShown = 0;
            var gate = new object();
            try
            {
                // Results are buffered for speed and flushed a few times a second, so a reader sees them as they come.
                await using var flushing = Ticker.Start(TimeSpan.FromMilliseconds(200), () => { lock (gate) { output.Flush(); } });
                await foreach (var result in run.WithCancellation(cancellationToken))
                {
                    lock (gate)
                    {
                        output.WriteLine(result is { } value ? JsonLines.Result(value) : "null");
                    }
                    var errors = run.Errors;
                    for (; errorsShown < errors.Count; errorsShown++)
                    {
                        if (errors[errorsShown].Error is MapItemFailedException failed)
                        {
                            runner.Environment.Error.WriteLine(JsonLines.Error(failed.Position, failed.Error));
                        }
                    }
                }
            }
            catch (MapItemFailedException e)
            {
                throw new CliException(e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new CliException("interrupted; the map was stopped.", ExitCodes.Interrupted);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
