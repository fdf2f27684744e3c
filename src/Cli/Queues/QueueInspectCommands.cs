using System.CommandLine;

namespace JobRuntime.Cli.Queues;

/// <summary><c>peek</c>, <c>size</c> and <c>clear</c>.</summary>
internal static class QueueInspectCommands
{
    public static Command Peek(QueueCommandContext context)
    {
        var count = new Option<int>("-n") { Description = "How many messages (at most 32). Default: 1.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print whole messages as JSON lines instead of their kwargs." };
        var command = new Command("peek", "Show the next messages without taking them; exits 1 when the queue is empty.") { count, json };
        command.SetAction((parse, cancellationToken) => context.Runner.RunAsync(cancellationToken, async () =>
        {
            var n = parse.GetValue(count);
            if (n < 1)
            {
                throw new CliException($"-n must be at least 1 (was {n}).", ExitCodes.Usage);
            }
            await using var connection = await context.OpenAsync(parse, cancellationToken);
            var messages = await connection.Queue.PeekAsync(n, cancellationToken);
            if (messages.Count == 0)
            {
                context.Environment.Error.WriteLine($"jobrt: queue '{connection.Queue.Name}' is empty.");
                return ExitCodes.Failure;
            }
            foreach (var message in messages)
            {
                context.Environment.Out.WriteLine(parse.GetValue(json) ? message.ToJson() : message.Cmd ?? message.Kwargs.GetRawText());
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Size(QueueCommandContext context)
    {
        var command = new Command("size", "Print how many messages the queue holds (approximate on Azure).");
        command.SetAction((parse, cancellationToken) => context.Runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await context.OpenAsync(parse, cancellationToken);
            context.Environment.Out.WriteLine(await connection.Queue.SizeAsync(cancellationToken));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Clear(QueueCommandContext context)
    {
        var failed = new Option<bool>("--failed") { Description = "Clear the dead-letter queue <name>-failed too." };
        var command = new Command("clear", "Delete every message of the queue.") { failed };
        command.SetAction((parse, cancellationToken) => context.Runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await context.OpenAsync(parse, cancellationToken);
            await connection.Queue.ClearAsync(cancellationToken);
            if (parse.GetValue(failed))
            {
                await connection.Queue.Failed.ClearAsync(cancellationToken);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
