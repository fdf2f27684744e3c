using System.CommandLine;
using System.Text.Json;
using JobRuntime.Cli.Input;
using JobRuntime.Cli.Output;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt submit</c>: appends tasks to a job; they are durable when it returns.</summary>
internal static class SubmitCommand
{
    private const int ChunkSize = 1_000;

    public static Command Create(CommandRunner runner)
    {
        var id = TaskOptions.JobId();
        var tasks = TaskOptions.Tasks();
        var command = new Command("submit", "Submit tasks (newline-delimited JSON) to a job.") { id, tasks };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            using var source = TaskSource.Open(parse.GetValue(tasks), runner.Environment.In);
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var (job, _) = await connection.OpenJobAsync(parse.GetValue(id)!);
            var status = new StatusLine(runner.Environment.Error);
            long submitted = 0;
            try
            {
                await ProgressDisplay.RunAsync(runner.Environment, status, enabled: true, indeterminate: true, async progress =>
                {
                    var chunk = new List<JsonElement>(ChunkSize);
                    await foreach (var task in source.ReadAsync(cancellationToken))
                    {
                        chunk.Add(task);
                        if (chunk.Count == ChunkSize)
                        {
                            submitted += await job.SubmitTasksAsync(chunk, cancellationToken);
                            chunk.Clear();
                            progress.ShowSubmitted(submitted);
                        }
                    }
                    if (chunk.Count > 0)
                    {
                        submitted += await job.SubmitTasksAsync(chunk, cancellationToken);
                    }
                    progress.ShowSubmitted(submitted);
                    return submitted;
                });
            }
            catch (TaskLineException e)
            {
                throw new CliException($"{e.Message}. {submitted} tasks before it were submitted to job {job.Id}.");
            }
            runner.Environment.Error.WriteLine($"submitted {submitted} tasks to job {job.Id}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
