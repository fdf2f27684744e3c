using Microsoft.Extensions.Options;

namespace JobRuntime.Silo.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> at startup; each message names the option and its bad value.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            errors.Add($"{TelemetryOptions.Section}:OtlpEndpoint must be an absolute http or https address; it is '{endpoint}'.");
        }
        if (options.OtlpProtocol is { } protocol && !protocol.Equals("Grpc", StringComparison.OrdinalIgnoreCase) && !protocol.Equals("HttpProtobuf", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{TelemetryOptions.Section}:OtlpProtocol must be Grpc or HttpProtobuf; it is '{protocol}'.");
        }
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{TelemetryOptions.Section}:ServiceName must not be empty.");
        }
        if (options.QueueDepthInterval < TimeSpan.FromMilliseconds(100) || options.QueueDepthInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{TelemetryOptions.Section}:QueueDepthInterval must be between 00:00:00.1 and 01:00:00; it is '{options.QueueDepthInterval}'.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
