using System.CommandLine;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt delete</c>: deletes a job, or all the user's jobs with <c>--all</c>.</summary>
internal static class DeleteCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = new Argument<string?>("id") { Description = "The job's id.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Delete all your jobs." };
        var command = new Command("delete", "Delete a job (its tasks, results and errors), or all your jobs with --all.") { id, all };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(id) is not null) == result.GetValue(all))
            {
                result.AddError("Give either a job id or --all.");
            }
        });
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            if (parse.GetValue(all))
            {
                var count = await connection.Jobs.DeleteAllJobsAsync();
                runner.Environment.Error.WriteLine($"deleted {count} jobs");
                return ExitCodes.Success;
            }
            var (job, _) = await connection.OpenJobAsync(parse.GetValue(id)!);
            await job.DeleteAsync();
            runner.Environment.Error.WriteLine($"deleted job {job.Id}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
