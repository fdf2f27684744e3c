using System.CommandLine;
using JobRuntime.Cli.Input;
using JobRuntime.Cli.Output;

namespace JobRuntime.Cli.Commands;

/// <summary>
/// <c>jobrt run</c>: creates a job, feeds it tasks, prints each result as a JSON line on standard
/// output as it arrives, task errors as JSON lines on standard error (or <c>--errors</c>) and a
/// progress line on standard error; exits 0 once every task has a result or an error.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(200);

    public static Command Create(CommandRunner runner)
    {
        var program = new ProgramOptions();
        var tasks = TaskOptions.Tasks();
        var errors = new Option<string?>("--errors") { Description = "Write task errors to this file instead of standard error.", HelpName = "file" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not show the progress line." };
        var command = new Command("run", "Create a job, run tasks through it and print each result as a JSON line as it arrives; ends when every task has a result or an error.");
        program.AddTo(command);
        command.Add(tasks);
        command.Add(errors);
        command.Add(quiet);
        command.SetAction((parse, cancellationToken) => runner.RunAsync(cancellationToken, async () =>
        {
            var (text, kind, options) = await program.ReadAsync(parse, cancellationToken);
            using var source = TaskSource.Open(parse.GetValue(tasks), runner.Environment.In);
            var status = new StatusLine(runner.Environment.Error);
            using var errorWriter = TaskErrorWriter.Open(status, parse.GetValue(errors));
            await using var connection = await runner.ConnectAsync(parse, cancellationToken);
            var job = await connection.Jobs.CreateJobAsync(text, options, kind);
            status.WriteLine($"job {job.Id}");
            var jobRun = job.RunAsync(source.ReadAsync(cancellationToken));
            try
            {
                await ProgressDisplay.RunAsync(runner.Environment, status, !parse.GetValue(quiet), indeterminate: false, async progress =>
                {
                    await new Run(jobRun, runner.Environment.Out, errorWriter, progress).ReadAsync(cancellationToken);
                    return 0;
                });
            }
            catch (TaskLineException e)
            {
                throw new CliException($"{e.Message}. {jobRun.Submitted} tasks before it were submitted to job {job.Id}.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new CliException($"interrupted; job {job.Id} keeps its tasks ('jobrt results {job.Id}' reads what is done).", ExitCodes.Interrupted);
            }
            finally
            {
                status.End();
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>One run's output: results as they come, and on each tick the new errors, the progress and a flush.</summary>
    private sealed class Run(Client.Jobs.JobRun run, TextWriter output, TaskErrorWriter errors, Progress progress)
    {
        private long _done;
        private int _errorsShown;

        public async Task ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using (Ticker.Start(TickInterval, Tick))
                {
                    await foreach (var result in run.WithCancellation(cancellationToken))
                    {
                        output.WriteLine(JsonLines.Result(result));
                        Interlocked.Increment(ref _done);
                    }
                }
            }
            finally
            {
                Tick();
            }
        }

        private void Tick()
        {
            var failures = run.Errors;
            for (; _errorsShown < failures.Count; _errorsShown++)
            {
                errors.Write(failures[_errorsShown]);
            }
            errors.Flush();
            output.Flush();
            progress.Show(Interlocked.Read(ref _done), failures.Count, run.Submitted);
        }
    }
}
