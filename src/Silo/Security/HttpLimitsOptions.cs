namespace JobRuntime.Silo.Security;

/// <summary>
/// Limits on what one HTTP caller may ask of the silo (section <c>JobRuntime:Http:Limits</c>).
/// A caller is the authenticated user (the jobs API's users, or <c>local</c> when none are
/// configured); a request without valid credentials counts against its credentials' hash, or its
/// address when it sends none.
/// </summary>
public sealed class HttpLimitsOptions
{
    /// <summary>The configuration section: <c>JobRuntime:Http:Limits</c>.</summary>
    public const string Section = "JobRuntime:Http:Limits";

    /// <summary>The largest request body, in bytes; a larger one gets 413. Default: 4 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4L << 20;

    /// <summary>
    /// The largest body of the streamed uploads (task bodies, queue messages, platform data), in
    /// bytes; each line of them has its own limit too. Default: null, no limit (CrowdProcess's task
    /// bodies may be of any length).
    /// </summary>
    public long? MaxUploadBodyBytes { get; set; }

    /// <summary>
    /// The largest request line (method, path and query), in bytes; a longer one gets 414 with a
    /// JSON message. Kestrel itself drops lines over <see cref="HardLimitFactor"/> times this one
    /// with a bare 414, so that no request line is ever buffered whole. Default: 16 KiB.
    /// </summary>
    public int MaxRequestLineBytes { get; set; } = 16 << 10;

    /// <summary>
    /// The largest total size of a request's headers, in bytes; larger ones get 431 with a JSON
    /// message (a bare 431 from Kestrel past <see cref="HardLimitFactor"/> times this). Default: 32 KiB.
    /// </summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 << 10;

    /// <summary>
    /// How long a client may take to send a request's headers; a slower one is answered 408 and
    /// disconnected (Kestrel's <c>RequestHeadersTimeout</c>; it also bounds idle slow-loris
    /// connections). Default: 30 seconds.
    /// </summary>
    public double RequestHeadersTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The slowest a request body may arrive, in bytes a second averaged after a grace period of
    /// <see cref="MinRequestBodyGraceSeconds"/>; a slower client gets 408 and is disconnected, so a
    /// trickling upload cannot hold a connection and its buffers for ever. Default: 240 (Kestrel's).
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>The grace period of <see cref="MinRequestBodyBytesPerSecond"/>, in seconds (at least 1). Default: 5.</summary>
    public double MinRequestBodyGraceSeconds { get; set; } = 5;

    /// <summary>Requests one caller may make per second, sustained. Default: 500.</summary>
    public int RequestsPerSecond { get; set; } = 500;

    /// <summary>Requests one caller may make at once above the sustained rate (the bucket's size). Default: 1,000.</summary>
    public int RequestBurst { get; set; } = 1_000;

    /// <summary>Streaming responses (<c>?stream</c>, server-sent events, long polls) one caller may hold open at once. Default: 32.</summary>
    public int MaxStreamsPerUser { get; set; } = 32;

    /// <summary>Kestrel's own limits on the request line and headers are this many times the configured ones.</summary>
    internal const int HardLimitFactor = 4;
}
