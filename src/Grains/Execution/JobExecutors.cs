using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.Execution;

/// <summary>The executors of this silo, by program kind; JavaScript is null when Node.js is not available.</summary>
internal sealed class JobExecutors(ITaskExecutor? javaScript, string? javaScriptUnavailable, DotNetTaskExecutor dotNet)
{
    public ITaskExecutor For(ProgramKind kind) => kind switch
    {
        ProgramKind.JavaScript => javaScript ?? throw new InvalidJobException(JavaScriptUnavailable),
        _ => dotNet,
    };

    /// <summary>Why JavaScript jobs cannot run here (for the health endpoint and errors).</summary>
    public string JavaScriptUnavailable { get; } = $"JavaScript jobs cannot run on this silo: {javaScriptUnavailable ?? "no JavaScript executor is configured"}.";

    public bool JavaScriptAvailable => javaScript is not null;
}
