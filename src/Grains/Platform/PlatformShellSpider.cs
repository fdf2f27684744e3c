using System.Diagnostics;
using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>
/// A shell spider: <c>/bin/sh -c command</c> with the job's key, token and the storage URL in its
/// environment (as Scrapy Cloud's runners give them: <c>SHUB_JOBKEY</c>, <c>SHUB_JOBAUTH</c>,
/// <c>SHUB_STORAGE</c>, plus <c>JOBRUNTIME_JOB_TOKEN</c> and <c>SHUB_SPIDER_ARGS</c>). It writes its
/// data through the storage API with that token; its output lines become log records
/// (standard output at INFO, standard error at WARNING).
/// </summary>
internal static class PlatformShellSpider
{
    public static async Task<string> RunAsync(PlatformRun run, string command, string storageUrl, IPlatformJobGrain job, PlatformOptions options, CancellationToken stop)
    {
        var key = run.Key.ToString();
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["SHUB_JOBKEY"] = key;
        start.Environment["SHUB_JOBAUTH"] = Convert.ToHexStringLower(Encoding.UTF8.GetBytes($"{key}:{run.Token}"));
        start.Environment["SHUB_STORAGE"] = storageUrl;
        start.Environment["JOBRUNTIME_JOB_TOKEN"] = run.Token;
        start.Environment["SHUB_SPIDER_ARGS"] = run.Arguments;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start.");
        var context = new PlatformSpiderContext(job, key, PlatformSpiderRunner.Arguments(run.Arguments));
        var output = PumpAsync(process.StandardOutput, 20, context);
        var errors = PumpAsync(process.StandardError, 30, context);
        try
        {
            await process.WaitForExitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(options.StopGracePeriod + TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        await Task.WhenAll(output, errors);
        if (!stop.IsCancellationRequested && process.ExitCode != 0)
        {
            await context.LogAsync(40, $"The spider exited with code {process.ExitCode}.");
        }
        await context.FlushAsync();
        return stop.IsCancellationRequested ? "cancelled" : process.ExitCode == 0 ? "finished" : "failed";
    }

    private static async Task PumpAsync(StreamReader reader, int level, PlatformSpiderContext context)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await context.AddAsync(PlatformJobData.Logs, JsonSerializer.Serialize(new { message = line, level, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }));
        }
    }
}
