using System.CommandLine;
using System.CommandLine.Help;
using JobRuntime.Cli.Commands;

namespace JobRuntime.Cli;

/// <summary>
/// The <c>jobrt</c> command line, callable in-process:
/// <code>
/// var exitCode = await Cli.RunAsync(["run", "-e", "function Run(d) { return d * 2; }"], Console.In, Console.Out, Console.Error);
/// </code>
/// Exit codes are in <see cref="ExitCodes"/>.
/// </summary>
public static class Cli
{
    /// <summary>Runs one command line over the given streams and the process's environment variables.</summary>
    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliEnvironment(stdin, stdout, stderr), cancellationToken);

    /// <summary>Runs one command line; <paramref name="cancellationToken"/> ends it as Ctrl-C would.</summary>
    public static Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default) =>
        RunAsync(args, environment, handleCtrlC: false, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, CliEnvironment environment, bool handleCtrlC, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var root = CreateRootCommand(environment);
        // No @response files: a task or program path may start with '@'.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                environment.Error.WriteLine($"jobrt: {error.Message}");
            }
            var command = parse.CommandResult.Command == root ? "jobrt" : $"jobrt {parse.CommandResult.Command.Name}";
            environment.Error.WriteLine($"Run '{command} --help' for usage.");
            environment.Error.Flush();
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // Ctrl-C cancels the command's token; the embedded silo then gets this long to stop cleanly.
            // (A queue worker handles SIGTERM and SIGINT itself: a soft and a hard stop.)
            ProcessTerminationTimeout = handleCtrlC && !Queues.QueueCommand.IsWorker(parse) ? TimeSpan.FromSeconds(10) : null,
        };
        var exitCode = await parse.InvokeAsync(invocation, cancellationToken);
        environment.Out.Flush();
        environment.Error.Flush();
        return exitCode;
    }

    private static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var global = new GlobalOptions();
        var runner = new CommandRunner(environment, global);
        var root = new RootCommand(
            "jobrt: run JavaScript or .NET programs over streams of tasks. Talks to a running silo (--gateway or JOBRT_GATEWAY), " +
            "or joins a cluster (JobRuntime__Cluster__Provider and __ConnectionString), or starts an embedded one over a SQLite file (--db, default ./jobrt.db) when none is configured.")
        {
            RunCommand.Create(runner),
            CreateCommand.Create(runner),
            SubmitCommand.Create(runner),
            ResultsCommand.Create(runner),
            ListCommand.Create(runner),
            InfoCommand.Create(runner),
            CancelCommand.Create(runner),
            DeleteCommand.Create(runner),
            DbCommand.Create(runner),
            Queues.QueueCommand.Create(runner, global),
            MapCommand.Create(runner),
            StateCommand.Create(runner),
            Commands.Users.UsersCommand.Create(runner),
        };
        // The crawling platform's commands (projects, spiders, schedule, jobs, items, log, requests, collections).
        foreach (var command in Commands.Platform.PlatformCommands.Create(runner))
        {
            root.Add(command);
        }
        global.AddTo(root);
        return root;
    }
}
