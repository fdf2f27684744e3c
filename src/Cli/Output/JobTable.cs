using System.Globalization;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Cli.Output;

/// <summary>Jobs as an aligned text table (<c>jobrt list --table</c>).</summary>
internal static class JobTable
{
    public static void Write(TextWriter output, IReadOnlyList<JobInfo> jobs)
    {
        string[] header = ["ID", "STATUS", "KIND", "BID", "TOTAL", "DONE", "FAILED", "CREATED (UTC)", "LAST RESULT (UTC)"];
        var rows = jobs.Select(j => new[]
        {
            j.Id,
            j.Status,
            JsonLines.KindName(j.Kind),
            j.Bid.ToString("0.###", CultureInfo.InvariantCulture),
            j.Total.ToString(CultureInfo.InvariantCulture),
            j.Finished.ToString(CultureInfo.InvariantCulture),
            j.Failed.ToString(CultureInfo.InvariantCulture),
            Time(j.Created),
            j.LastResult is { } last ? Time(last) : "-",
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteRow(output, header, widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteRow(TextWriter output, string[] cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
