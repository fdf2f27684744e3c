namespace JobRuntime.Streams;

/// <summary>Options of a stream provider (configuration section <c>JobRuntime:Streams:&lt;name&gt;</c>).</summary>
public sealed class StreamProviderOptions
{
    /// <summary>How long a durable provider keeps events. Default: 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most events handed to one subscriber per read. Default: 256.</summary>
    public int DeliveryBatchSize { get; set; } = 256;

    /// <summary>Events kept in memory per stream for live subscribers (older ones are read from storage, or dropped by the memory provider). Default: 65,536.</summary>
    public int CacheSize { get; set; } = 65_536;

    /// <summary>The longest wait between retries of a delivery that failed. Default: 5 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
