using System.CommandLine;

namespace JobRuntime.Cli.Commands;

/// <summary><c>jobrt create</c>: creates a job and prints its id.</summary>
internal static class CreateCommand
{
    public static Command Create(CommandRunner runner)
    {
        var program = new ProgramOptions();
        var command = new Command("create", "Create a job from a program and print its id.");
        program.AddTo(command);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            var (text, kind, options) = await program.ReadAsync(parse, cancellationToken);
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var job = await connection.Jobs.CreateJobAsync(text, options, kind);
            runner.Environment.Out.WriteLine(job.Id);
            return ExitCodes.Success;
        }));
        return command;
    }
}
