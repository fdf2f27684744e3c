using System.Diagnostics;
using System.Globalization;

namespace JobRuntime.Cli.Output;

/// <summary>The progress of a run on the status line: done, failed, submitted and the rate since the run began.</summary>
internal sealed class Progress(StatusLine status, bool enabled)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Show(long done, long failed, long total)
    {
        if (enabled)
        {
            status.Show(Format(done, failed, total, _watch.Elapsed));
        }
    }

    public static string Format(long done, long failed, long total, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? (done + failed) / elapsed.TotalSeconds : 0;
        var rateText = rate < 10 ? rate.ToString("0.0", CultureInfo.InvariantCulture) : rate.ToString("N0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{done:N0} done, {failed:N0} failed, {total:N0} total, {rateText} tasks/s, {elapsed.TotalSeconds:0.0} s");
    }
}
