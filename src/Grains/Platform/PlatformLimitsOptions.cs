namespace JobRuntime.Grains.Platform;

/// <summary>Bounds on what one platform job may store (section <c>JobRuntime:Platform:Limits</c>).</summary>
public sealed class PlatformLimitsOptions
{
    /// <summary>
    /// The most a job's data (its items, logs, requests and samples, as stored UTF-8 JSON) may weigh,
    /// in bytes. An upload that would take a job past it is refused whole (HTTP 413). Default: 1 GiB.
    /// </summary>
    public long MaxJobDataBytes { get; set; } = 1L << 30;
}
