using System.CommandLine;
using System.Text.Json;
using JobRuntime.Queues;

namespace JobRuntime.Cli.Queues;

/// <summary><c>push</c>: tasks from <c>-c</c> or standard input, a line each (JSON objects are kwargs, other lines commands).</summary>
internal static class QueuePushCommand
{
    private const int Batch = 500;

    public static Command Create(QueueCommandContext context)
    {
        var commands = new Option<string[]>("-c", "--command") { Description = "A shell command to push (repeatable). Without it, lines of standard input are pushed.", AllowMultipleArgumentsPerToken = false };
        var retries = new Option<int>("--num-retries") { Description = "Retries of each task after a failure. Default: 1.", DefaultValueFactory = _ => 1 };
        var randomId = new Option<bool>("--random-id") { Description = "Random task ids instead of the MD5 of the task." };
        var command = new Command("push", "Push tasks: -c CMD (repeatable), or lines of standard input; lines starting with '{' are JSON kwargs. Prints each task id.")
        {
            commands, retries, randomId,
        };
        command.SetAction((parse, cancellationToken) => context.Runner.RunAsync(cancellationToken, async () =>
        {
            var numRetries = parse.GetValue(retries);
            if (numRetries < 0)
            {
                throw new CliException($"--num-retries must not be negative (was {numRetries}).", ExitCodes.Usage);
            }
            var random = parse.GetValue(randomId);
            await using var connection = await context.OpenAsync(parse, cancellationToken);
            var pushed = 0;
            var batch = new List<QueueMessage>(Batch);
            async Task FlushAsync()
            {
                await connection.Queue.PushManyAsync(batch, cancellationToken);
                foreach (var message in batch)
                {
                    context.Environment.Out.WriteLine(message.Id);
                }
                pushed += batch.Count;
                batch.Clear();
            }
            foreach (var line in Lines(parse.GetValue(commands), context.Environment.In))
            {
                batch.Add(Parse(line, pushed + batch.Count + 1, numRetries, random));
                if (batch.Count == Batch)
                {
                    await FlushAsync();
                }
            }
            await FlushAsync();
            context.Environment.Error.WriteLine($"jobrt: pushed {pushed} task(s) to '{connection.Queue.Name}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static IEnumerable<string> Lines(string[]? commands, TextReader input)
    {
        if (commands is { Length: > 0 })
        {
            foreach (var c in commands)
            {
                yield return c;
            }
            yield break;
        }
        while (input.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }

    private static QueueMessage Parse(string line, int number, int numRetries, bool randomId)
    {
        if (!line.TrimStart().StartsWith('{'))
        {
            return QueueMessage.Command(line, numRetries, randomId);
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            return QueueMessage.Create(document.RootElement.Clone(), numRetries, randomId);
        }
        catch (JsonException e)
        {
            throw new CliException($"Task {number} starts with '{{' but is not JSON: {e.Message}");
        }
    }
}
