using System.CommandLine;
using System.Runtime.InteropServices;
using JobRuntime.Cli.Commands;
using JobRuntime.Cli.Output;
using JobRuntime.Queues.Processors;
using JobRuntime.Queues.Workers;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Cli.Queues;

/// <summary>
/// <c>worker</c>: runs workers over the queue until it is empty, with a progress line on standard
/// error. SIGTERM finishes the running tasks and stops; SIGINT (Ctrl-C) stops at once.
/// </summary>
internal static class QueueWorkerCommand
{
    public static Command Create(QueueCommandContext context)
    {
        var workers = new Option<int>("-n", "--num-workers") { Description = "Concurrent workers. Default: 1.", DefaultValueFactory = _ => 1 };
        var visibility = new Option<string>("--visibility-timeout") { Description = "How long a taken task stays hidden (30s, 10m, 2h, 1d, 1w). Default: 10m.", DefaultValueFactory = _ => "10m" };
        var maxFailures = new Option<int>("--max-consecutive-failures") { Description = "Stop with an error after this many failures in a row. Default: 10.", DefaultValueFactory = _ => 10 };
        var timeLimit = new Option<string>("--time-limit") { Description = "Take no new task after this long. Default: 1d.", DefaultValueFactory = _ => "1d" };
        var heartbeat = new Option<bool>("--heartbeat") { Description = "Renew a running task's visibility every half timeout (the default)." };
        var noHeartbeat = new Option<bool>("--no-heartbeat") { Description = "Do not renew: a task running past its visibility timeout is given to another worker." };
        var proc = new Option<string>("--proc") { Description = "How tasks run: shell (bash -c the task's cmd) or node:FILE (a JavaScript Run(kwargs, context)). Default: shell.", DefaultValueFactory = _ => "shell" };
        var killGrace = new Option<string>("--kill-grace") { Description = "Time between SIGTERM and SIGKILL for a task's process. Default: 10s.", DefaultValueFactory = _ => "10s" };
        var verbose = new Option<bool>("-v", "--verbose") { Description = "Log every task (with queue, worker and task ids) to standard error." };
        var quiet = new Option<bool>("-q", "--quiet") { Description = "No progress line." };
        var command = new Command("worker", "Run workers over the queue until it is empty: failures are retried, then moved to <name>-failed.")
        {
            workers, visibility, maxFailures, timeLimit, heartbeat, noHeartbeat, proc, killGrace, verbose, quiet,
        };
        command.SetAction((parse, cancellationToken) => context.Runner.RunAsync(cancellationToken, async () =>
        {
            if (parse.GetValue(heartbeat) && parse.GetValue(noHeartbeat))
            {
                throw new CliException("--heartbeat and --no-heartbeat contradict each other.", ExitCodes.Usage);
            }
            using var logging = LoggerFactory.Create(b => b
                .AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; })
                .SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning));
            var status = new StatusLine(context.Environment.Error);
            WorkerProgress? latest = null;
            var options = new WorkerOptions
            {
                NumWorkers = parse.GetValue(workers),
                VisibilityTimeout = DurationParser.Parse(parse.GetValue(visibility)!, "--visibility-timeout"),
                MaxConsecutiveFailures = parse.GetValue(maxFailures),
                TimeLimit = DurationParser.Parse(parse.GetValue(timeLimit)!, "--time-limit"),
                WithHeartbeat = !parse.GetValue(noHeartbeat),
                Logger = logging.CreateLogger("JobRuntime.Queues.Worker"),
                Progress = new Progress<WorkerProgress>(p => latest = p),
            };
            try
            {
                WorkerOptionsValidator.Validate(options);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }
            var processor = Processor(parse.GetValue(proc)!, new ProcessProcessorOptions { KillGracePeriod = DurationParser.Parse(parse.GetValue(killGrace)!, "--kill-grace") });

            using var soft = new CancellationTokenSource();
            using var hard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; soft.Cancel(); });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; hard.Cancel(); });

            await using var connection = await context.OpenAsync(parse, hard.Token);
            var name = connection.Queue.Name;
            var show = !parse.GetValue(quiet);
            WorkerReport report;
            await using (var ticker = show ? Ticker.Start(TimeSpan.FromMilliseconds(500), () => Draw(status, name, latest)) : null)
            {
                try
                {
                    report = await connection.Queue.LaunchWorkersAsync(processor, options, soft.Token, hard.Token);
                }
                catch (TooManyFailuresException e)
                {
                    if (show) { Draw(status, name, e.Progress); status.End(); }
                    throw new CliException(e.Message);
                }
            }
            if (show)
            {
                Draw(status, name, report.Progress);
                status.End();
            }
            context.Environment.Error.WriteLine($"jobrt: workers stopped ({Describe(report.Reason)}): {report.Progress.Succeeded} succeeded, {report.Progress.Failed} failed, {report.Progress.LeaseLost} lost.");
            return report.Reason == WorkerStopReason.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success;
        }));
        return command;
    }

    private static IQueueProcessor Processor(string proc, ProcessProcessorOptions options)
    {
        if (proc == "shell")
        {
            return QueueProcessors.Shell(options);
        }
        if (proc.StartsWith("node:", StringComparison.Ordinal))
        {
            try
            {
                return QueueProcessors.JavaScript(proc["node:".Length..], options);
            }
            catch (FileNotFoundException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }
        }
        throw new CliException($"--proc: unknown processor '{proc}' (use shell or node:FILE).", ExitCodes.Usage);
    }

    private static void Draw(StatusLine status, string queue, WorkerProgress? progress)
    {
        if (progress is not null)
        {
            status.Show($"{queue}: {progress.Succeeded} done, {progress.Failed} failed ({progress.Retried} retried, {progress.DeadLettered} dead-lettered), {progress.Running} running, {progress.Elapsed.TotalSeconds:0} s");
        }
    }

    private static string Describe(WorkerStopReason reason) => reason switch
    {
        WorkerStopReason.QueueEmpty => "queue empty",
        WorkerStopReason.TimeLimit => "time limit",
        WorkerStopReason.Stopped => "SIGTERM",
        _ => "interrupted",
    };
}
