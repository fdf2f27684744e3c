namespace JobRuntime.Silo.Telemetry;

/// <summary>
/// Options of the silo's telemetry (configuration section <c>JobRuntime:Telemetry</c>). Metrics
/// are always served as Prometheus text at <c>/metrics</c>; metrics, traces and logs go to an
/// OpenTelemetry collector over OTLP when <see cref="OtlpEndpoint"/> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable names one.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string Section = "JobRuntime:Telemetry";

    /// <summary>The OTLP endpoint of a collector, e.g. <c>http://127.0.0.1:4317</c> (gRPC) or <c>http://127.0.0.1:4318</c> with <see cref="OtlpProtocol"/> <c>HttpProtobuf</c>. Default: none (then <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, when set).</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The OTLP protocol: <c>Grpc</c> or <c>HttpProtobuf</c>. Default: <c>Grpc</c> (or <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>The service name the silo reports. Default: <c>jobruntime-silo</c> (or <c>OTEL_SERVICE_NAME</c>).</summary>
    public string ServiceName { get; set; } = "jobruntime-silo";

    /// <summary>
    /// How often the work queues' depths (the gauges <c>jobruntime.queue.depth</c> and
    /// <c>jobruntime.queue.leased</c>) are read from the queues' table. Default: 5 seconds.
    /// </summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether <c>/metrics</c> serves Prometheus text (behind the jobs API's users when configured). Default: true.</summary>
    public bool Prometheus { get; set; } = true;
}
