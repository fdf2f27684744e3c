using JobRuntime.Grains.Telemetry;
using JobRuntime.Silo.Apis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JobRuntime.Silo.Telemetry;

/// <summary>Registers the silo's OpenTelemetry metrics, traces and logs, and serves <c>/metrics</c>.</summary>
public static class TelemetryHostingExtensions
{
    /// <summary>The meters the silo reports: jobs, work queue depths, Orleans, ASP.NET Core's HTTP server and outgoing HTTP.</summary>
    public static readonly string[] Meters =
        [JobsMetrics.MeterName, QueueDepthMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"];

    /// <summary>The activity sources the silo traces besides HTTP requests: calls to application grains (with activity propagation on) and jobs.</summary>
    public static readonly string[] Sources = ["Microsoft.Orleans.Application", JobsTracing.SourceName];

    /// <summary>
    /// Adds OpenTelemetry (options from <c>JobRuntime:Telemetry</c>): the meters of
    /// <see cref="Meters"/> with a Prometheus exporter; and, when <see cref="TelemetryOptions.OtlpEndpoint"/>
    /// or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the traces of <see cref="Sources"/> and logs
    /// with their scopes, sent over OTLP with the metrics. Map the scrape endpoint with
    /// <see cref="MapMetrics"/>. Idempotent.
    /// </summary>
    public static TBuilder AddTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TelemetryOptionsValidator)))
        {
            return builder;
        }
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<TelemetryOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddHostedService<QueueDepthMetrics>();
        // The exporters are chosen now, from the same configuration the options bind.
        var settings = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? settings.ServiceName;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (settings.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        // A bad endpoint is left to the validator, which stops the start with the key named.
        var endpoint = settings.OtlpEndpoint is { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
        var otlp = endpoint is not null || (settings.OtlpEndpoint is null && !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        if (!otlp)
        {
            return builder; // traces and logs are only collected when they go somewhere
        }
        telemetry
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(Sources))
            .WithLogging(_ => { }, logging => logging.IncludeScopes = true);
        if (endpoint is not null)
        {
            var protocol = string.Equals(settings.OtlpProtocol, "HttpProtobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, endpoint);
        }
        else
        {
            telemetry.UseOtlpExporter(); // endpoint, protocol and headers from the OTEL_* variables
        }
        return builder;
    }

    /// <summary>
    /// Serves the metrics as Prometheus text at <c>/metrics</c>, behind the same users as the jobs
    /// API (open on loopback when none are configured), and adds the job id of <c>/jobs/{id}</c>
    /// routes to the scope of the request's logs.
    /// </summary>
    public static IApplicationBuilder MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<JobLogScope>();
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint("/metrics")
                .RequireAuthorization(JobsApi.Policy)
                .WithTags("Telemetry")
                .WithSummary("The silo's metrics as Prometheus text (jobs, Orleans, HTTP).");
        }
        return app;
    }
}
