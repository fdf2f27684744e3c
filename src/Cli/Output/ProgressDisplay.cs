using Spectre.Console;

namespace JobRuntime.Cli.Output;

/// <summary>
/// Runs a long command's work with its <see cref="Progress"/>: inside a live Spectre.Console
/// progress display on standard error when it is a terminal and progress is wanted, else with
/// plain progress lines.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliEnvironment environment, StatusLine status, bool enabled, bool indeterminate, Func<Progress, Task<T>> work)
    {
        if (!enabled || !environment.ErrorIsTerminal)
        {
            return await work(new Progress(status, enabled));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new SpinnerColumn(), new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var bar = context.AddTask("starting", maxValue: 1);
                bar.IsIndeterminate = indeterminate;
                status.Live = console;
                try
                {
                    var progress = new Progress(status, true, bar);
                    var result = await work(progress);
                    progress.Complete();
                    return result;
                }
                finally
                {
                    status.Live = null;
                }
            });
    }
}
