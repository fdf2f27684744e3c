using System.CommandLine;
using System.Text.Json;
using JobRuntime.Cli.Output;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Cli.Commands;

/// <summary>
/// <c>jobrt state get|set|watch|wait</c>: read and change a reactive shared state, print its
/// updates as JSON lines, or wait for a condition and print the state it held for.
/// </summary>
internal static class StateCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("state", "Read, change, watch or wait on a reactive shared state (a dictionary of JSON values per namespace).");
        command.Add(Get(runner));
        command.Add(Set(runner));
        command.Add(Watch(runner));
        command.Add(Wait(runner));
        return command;
    }

    private static Argument<string> Namespace() => new("namespace") { Description = "The state's namespace." };

    private static Command Get(CommandRunner runner)
    {
        var ns = Namespace();
        var key = new Argument<string?>("key") { Description = "One key (the whole state as a JSON object when omitted).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("get", "Print a key's value, or the whole state, as JSON.") { ns, key };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var state = new State(connection.Client, parse.GetValue(ns)!);
            if (parse.GetValue(key) is { } name)
            {
                var value = await state.GetAsync(name) ?? throw new CliException($"state '{state.Namespace}' has no key '{name}'.");
                runner.Environment.Out.WriteLine(JsonLines.Result(value));
            }
            else
            {
                runner.Environment.Out.WriteLine(JsonSerializer.Serialize((await state.GetSnapshotAsync()).Values));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Set(CommandRunner runner)
    {
        var ns = Namespace();
        var key = new Argument<string>("key") { Description = "The key." };
        var value = new Argument<string>("value") { Description = "The value as JSON (a string in quotes: '\"text\"')." };
        var command = new Command("set", "Set a key to a JSON value; prints the state's new version.") { ns, key, value };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            var json = ParseJson(parse.GetValue(value)!, "value");
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var version = await new State(connection.Client, parse.GetValue(ns)!).SetAsync(parse.GetValue(key)!, json);
            runner.Environment.Out.WriteLine(version);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Watch(CommandRunner runner)
    {
        var ns = Namespace();
        var after = new Option<long?>("--after") { Description = "First replay the kept updates after this version.", HelpName = "version" };
        var count = new Option<int?>("--count") { Description = "Stop after this many updates (default: until Ctrl-C).", HelpName = "n" };
        var command = new Command("watch", "Print each update of the state as a JSON line {version, key, before, after, identical}.") { ns, after, count };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var state = new State(connection.Client, parse.GetValue(ns)!);
            var left = parse.GetValue(count) ?? int.MaxValue;
            if (left <= 0)
            {
                return ExitCodes.Success;
            }
            await foreach (var update in state.WatchAsync(parse.GetValue(after), cancellationToken))
            {
                runner.Environment.Out.WriteLine(JsonSerializer.Serialize(new { version = update.Version, key = update.Key, before = update.Before, after = update.After, identical = update.Identical }));
                runner.Environment.Out.Flush();
                if (--left == 0)
                {
                    break;
                }
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Wait(CommandRunner runner)
    {
        var ns = Namespace();
        var condition = new Option<string>("--for") { Description = "change, equal, notequal, none, notnone, available or raw. Default: change.", DefaultValueFactory = _ => "change", HelpName = "condition" };
        var key = new Option<string[]>("--key", "-k") { Description = "The key (repeat for change).", AllowMultipleArgumentsPerToken = false };
        var value = new Option<string?>("--value") { Description = "The JSON value for equal and notequal.", HelpName = "json" };
        var after = new Option<long?>("--after") { Description = "Count updates after this version (default: from now on).", HelpName = "version" };
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (exit 1).", HelpName = "seconds" };
        var command = new Command("wait", "Wait for a condition on the state and print the state it held for as JSON.") { ns, condition, key, value, after, timeout };
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            var text = parse.GetValue(condition)!;
            if (!Enum.TryParse<StateConditionKind>(text, ignoreCase: true, out var kind) || int.TryParse(text, out _))
            {
                throw new CliException($"--for must be change, equal, notequal, none, notnone, available or raw; it is '{text}'.", ExitCodes.Usage);
            }
            JsonElement? expected = parse.GetValue(value) is { } json ? ParseJson(json, "--value") : null;
            var wait = new StateCondition(kind, parse.GetValue(key) ?? [], Value: expected);
            var limit = parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var state = new State(connection.Client, parse.GetValue(ns)!);
            StateMatch match;
            try
            {
                match = parse.GetValue(after) is { } version
                    ? await state.WaitFromAsync(wait, version, limit, cancellationToken)
                    : await state.WaitAsync(wait, new StateWaitOptions(Live: true, Timeout: limit), cancellationToken);
            }
            catch (TimeoutException e)
            {
                throw new CliException(e.Message);
            }
            runner.Environment.Out.WriteLine(JsonSerializer.Serialize(new { version = match.Snapshot.Version, values = match.Snapshot.Values }));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonElement ParseJson(string text, string what)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException($"{what} must be JSON (a string in quotes, e.g. '\"text\"'): {e.Message}", ExitCodes.Usage);
        }
    }
}
