using System.CommandLine;
using System.Text.Json;
using JobRuntime.Cli.Input;

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
            long submitted = 0;
            var chunk = new List<JsonElement>(ChunkSize);
            try
            {
                await foreach (var task in source.ReadAsync(cancellationToken))
                {
                    chunk.Add(task);
                    if (chunk.Count == ChunkSize)
                    {
                        submitted += await job.SubmitTasksAsync(chunk, cancellationToken);
                        chunk.Clear();
                    }
                }
                if (chunk.Count > 0)
                {
                    submitted += await job.SubmitTasksAsync(chunk, cancellationToken);
                }
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
