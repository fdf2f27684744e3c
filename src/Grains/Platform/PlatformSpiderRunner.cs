using System.Collections.Concurrent;
using System.Text.Json;
using JobRuntime.GrainInterfaces.Platform;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Platform;

/// <summary>
/// Runs the spiders of the jobs started on this silo: shell commands as processes, JavaScript in
/// Node.js, .NET handlers in process. When a spider ends, its job is completed with a close
/// reason (<c>finished</c>, <c>failed</c> or <c>cancelled</c>); a spider that crashes ends only
/// its own job.
/// </summary>
internal sealed partial class PlatformSpiderRunner(
    IServiceProvider services,
    IOptions<PlatformOptions> options,
    IEnumerable<PlatformSpiderRegistration> handlers,
    ILogger<PlatformSpiderRunner> logger)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlatformSpiderRegistration> _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    /// <summary>Jobs whose spider runs now on this silo.</summary>
    public int RunningCount => _running.Count;

    /// <summary>True while the job's spider runs on this silo.</summary>
    public bool IsRunning(string key) => _running.ContainsKey(key);

    public void Start(PlatformRun run)
    {
        var key = run.Key.ToString();
        var stop = new CancellationTokenSource();
        if (!_running.TryAdd(key, stop))
        {
            stop.Dispose();
            return;
        }
        _ = Task.Run(() => RunAsync(run, stop.Token));
    }

    public void Stop(string key)
    {
        if (_running.TryGetValue(key, out var stop))
        {
            stop.Cancel();
        }
    }

    private async Task RunAsync(PlatformRun run, CancellationToken stop)
    {
        var key = run.Key.ToString();
        var grains = services.GetRequiredService<IGrainFactory>();
        var job = grains.GetGrain<IPlatformJobGrain>(key);
        string reason;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watch = WatchForStopAsync(job, key, watching.Token);
        try
        {
            using var program = JsonDocument.Parse(run.Program);
            var root = program.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            reason = type switch
            {
                "shell" => await PlatformShellSpider.RunAsync(run, root.GetProperty("command").GetString()!, StorageUrl(), job, options.Value, stop),
                "javascript" => await PlatformJavaScriptSpider.RunAsync(run, root.GetProperty("source").GetString()!, job, options.Value, stop),
                "dotnet" => await RunHandlerAsync(run, root.GetProperty("handler").GetString()!, job, stop),
                _ => await FailAsync(job, $"Unknown spider program type '{type}': use shell, javascript or dotnet."),
            };
        }
        catch (Exception e)
        {
            LogSpiderFailed(logger, key, e);
            reason = await FailAsync(job, $"The spider could not run: {e.Message}");
        }
        finally
        {
            await watching.CancelAsync();
            await watch;
            if (_running.TryRemove(key, out var source))
            {
                source.Dispose();
            }
        }
        if (stop.IsCancellationRequested)
        {
            reason = "cancelled";
        }
        try
        {
            await job.CompleteAsync(reason);
        }
        catch (Exception e)
        {
            LogCompleteFailed(logger, key, e);
        }
    }

    // Asks the job (wherever its grain lives) whether to stop, until the spider ends.
    private async Task WatchForStopAsync(IPlatformJobGrain job, string key, CancellationToken done)
    {
        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(options.Value.StopCheckPeriod, done);
                bool stopRequested;
                try
                {
                    stopRequested = await job.IsStopRequestedAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    continue; // the cluster is recovering; ask again
                }
                if (stopRequested)
                {
                    Stop(key);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<string> RunHandlerAsync(PlatformRun run, string name, IPlatformJobGrain job, CancellationToken stop)
    {
        if (!_handlers.TryGetValue(name, out var handler))
        {
            return await FailAsync(job, $"No .NET spider is named '{name}' on this silo.");
        }
        var context = new PlatformSpiderContext(job, run.Key.ToString(), Arguments(run.Arguments));
        try
        {
            await handler.Run(context, stop);
            await context.FlushAsync();
            return "finished";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await context.FlushAsync();
            return "cancelled";
        }
        catch (Exception e)
        {
            await context.LogAsync(40, $"The spider failed: {e.GetType().Name}: {e.Message}");
            await context.FlushAsync();
            return "failed";
        }
    }

    internal static IReadOnlyDictionary<string, string> Arguments(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        return result;
    }

    private static async Task<string> FailAsync(IPlatformJobGrain job, string message)
    {
        try
        {
            await job.AppendAsync(PlatformJobData.Logs, null,
                PlatformRecordPacking.Pack([JsonSerializer.Serialize(new { message, level = 40, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })]));
        }
        catch (JobDataLimitException)
        {
            // The job is full: it ends as failed all the same, without this last line of log.
        }
        return "failed";
    }

    private string StorageUrl()
    {
        if (options.Value.StorageUrl is { } configured)
        {
            return configured;
        }
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? "http://127.0.0.1:5080";
        return address.TrimEnd('/') + "/storage/";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The spider of job {Job} failed to run")]
    private static partial void LogSpiderFailed(ILogger logger, string job, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} could not be completed after its spider ended")]
    private static partial void LogCompleteFailed(ILogger logger, string job, Exception error);
}
