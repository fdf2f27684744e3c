using System.CommandLine;
using JobRuntime.Cli.Output;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt cancel</c>: cancels a job and prints its fields as JSON (status "cancelled").</summary>
internal static class CancelCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = TaskOptions.JobId();
        var command = new Command("cancel", "Cancel a job: it takes no more tasks, and its tasks that have not started end with errors of type \"cancelled\". Prints the job as JSON.") { id };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var (job, _) = await connection.OpenJobAsync(parse.GetValue(id)!);
            var info = await job.CancelAsync();
            runner.Environment.Out.WriteLine(JsonLines.Job(info, indented: true));
            return ExitCodes.Success;
        }));
        return command;
    }
}
