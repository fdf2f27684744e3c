using System.CommandLine;
using JobRuntime.Cli.Commands;

namespace JobRuntime.Cli.Queues;

/// <summary><c>jobrt queue &lt;spec&gt; push|worker|peek|size|clear</c>: ai4s.jobq's command line.</summary>
internal static class QueueCommand
{
    public static Command Create(CommandRunner runner, GlobalOptions global)
    {
        var spec = new Argument<string>("spec") { Description = QueueSpec.Help };
        var context = new QueueCommandContext(runner, global, spec);
        var command = new Command("queue", "Durable work queues in ai4s.jobq's format: push tasks, run workers, peek, count and clear.")
        {
            spec,
            QueuePushCommand.Create(context),
            QueueWorkerCommand.Create(context),
            QueueInspectCommands.Peek(context),
            QueueInspectCommands.Size(context),
            QueueInspectCommands.Clear(context),
        };
        return command;
    }

    /// <summary>True when the parsed command is <c>queue ... worker</c>.</summary>
    public static bool IsWorker(ParseResult parse) =>
        parse.CommandResult.Command.Name == "worker" && parse.CommandResult.Parent is System.CommandLine.Parsing.CommandResult { Command.Name: "queue" };
}

/// <summary>What every queue subcommand needs: the runner, the global options and the spec argument.</summary>
internal sealed class QueueCommandContext(CommandRunner runner, GlobalOptions global, Argument<string> spec)
{
    public CommandRunner Runner => runner;

    public CliEnvironment Environment => runner.Environment;

    public Task<QueueConnection> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var queueSpec = QueueSpec.Parse(parse.GetValue(spec)!, Environment.GetVariable);
        var settings = global.Resolve(parse, Environment.GetVariable);
        return QueueConnection.OpenAsync(queueSpec, settings, Environment.ConfigureEmbeddedSilo, cancellationToken);
    }
}
