using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using JobRuntime.GrainInterfaces.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>
/// A JavaScript spider: its source (defining <c>function Run(ctx)</c>) runs in its own Node.js
/// process under <c>spider-host.js</c>, which turns <c>ctx.item</c>, <c>ctx.log</c> and
/// <c>ctx.request</c> into lines this side appends to the job.
/// </summary>
internal static class PlatformJavaScriptSpider
{
    private static readonly Lazy<string> s_host = new(WriteHost);

    public static async Task<string> RunAsync(PlatformRun run, string source, IPlatformJobGrain job, PlatformOptions options, CancellationToken stop)
    {
        var key = run.Key.ToString();
        var sourcePath = Path.Combine(Path.GetTempPath(), $"jobruntime-spider-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(sourcePath, source, CancellationToken.None);
        try
        {
            var start = new ProcessStartInfo(options.NodePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(s_host.Value);
            start.ArgumentList.Add(sourcePath);
            start.Environment["SHUB_JOBKEY"] = key;
            start.Environment["SHUB_SPIDER_ARGS"] = run.Arguments;
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{options.NodePath} did not start.");
            var context = new PlatformSpiderContext(job, key, PlatformSpiderRunner.Arguments(run.Arguments));
            var output = PumpAsync(process.StandardOutput, 20, context);
            var errors = PumpAsync(process.StandardError, 40, context);
            try
            {
                await process.WaitForExitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            await Task.WhenAll(output, errors);
            await context.FlushAsync();
            return stop.IsCancellationRequested ? "cancelled" : process.ExitCode == 0 ? "finished" : "failed";
        }
        finally
        {
            File.Delete(sourcePath);
        }
    }

    private static async Task PumpAsync(StreamReader reader, int level, PlatformSpiderContext context)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (level == 20 && TryParse(line, out var kind, out var record))
            {
                await context.AddAsync(kind, record);
            }
            else
            {
                await context.AddAsync(PlatformJobData.Logs, JsonSerializer.Serialize(new { message = line, level, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }));
            }
        }
    }

    private static bool TryParse(string line, out PlatformJobData kind, out string record)
    {
        kind = default;
        record = "";
        if (!line.StartsWith("{\"t\":", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            kind = (PlatformJobData)document.RootElement.GetProperty("t").GetInt32();
            record = document.RootElement.GetProperty("d").GetRawText();
            return kind is PlatformJobData.Items or PlatformJobData.Logs or PlatformJobData.Requests;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static string WriteHost()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("JobRuntime.Grains.Platform.spider-host.js")!;
        var path = Path.Combine(Path.GetTempPath(), $"jobruntime-spider-host-{Environment.ProcessId}.js");
        using var file = File.Create(path);
        stream.CopyTo(file);
        return path;
    }
}
