using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace JobRuntime.Cli.Output;

/// <summary>
/// The progress of a long command on standard error: a Spectre.Console bar when standard error
/// is a terminal (<see cref="ProgressDisplay"/>), plain lines otherwise.
/// </summary>
internal sealed class Progress(StatusLine status, bool enabled, ProgressTask? bar = null)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <summary>A run: tasks done and failed of those submitted so far.</summary>
    public void Show(long done, long failed, long total)
    {
        if (!enabled)
        {
            return;
        }
        var text = Format(done, failed, total, _watch.Elapsed);
        if (bar is null)
        {
            status.Show(text);
            return;
        }
        bar.MaxValue = Math.Max(1, total);
        bar.Value = done + failed;
        bar.Description = Markup.Escape(text);
    }

    /// <summary>A submission: tasks submitted so far (the total is not known until the input ends).</summary>
    public void ShowSubmitted(long submitted)
    {
        if (!enabled)
        {
            return;
        }
        var seconds = _watch.Elapsed.TotalSeconds;
        var text = string.Create(CultureInfo.InvariantCulture, $"{submitted:N0} submitted, {Rate(seconds > 0 ? submitted / seconds : 0)} tasks/s, {seconds:0.0} s");
        if (bar is null)
        {
            status.Show(text);
            return;
        }
        bar.Description = Markup.Escape(text);
    }

    /// <summary>Marks a bar complete (an indeterminate one stops spinning).</summary>
    public void Complete()
    {
        if (bar is not null)
        {
            bar.IsIndeterminate = false;
            bar.Value = bar.MaxValue;
            bar.StopTask();
        }
    }

    public static string Format(long done, long failed, long total, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? (done + failed) / elapsed.TotalSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{done:N0} done, {failed:N0} failed, {total:N0} total, {Rate(rate)} tasks/s, {elapsed.TotalSeconds:0.0} s");
    }

    private static string Rate(double rate) =>
        rate < 10 ? rate.ToString("0.0", CultureInfo.InvariantCulture) : rate.ToString("N0", CultureInfo.InvariantCulture);
}
