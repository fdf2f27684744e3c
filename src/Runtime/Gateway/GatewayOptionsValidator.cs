using System.Net;
using Microsoft.Extensions.Options;

namespace JobRuntime.Hosting;

/// <summary>Checks <see cref="GatewayOptions"/> at startup; messages name the option and the bad value.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"JobRuntime:Gateway:ListenAddress must be an IP address; it is '{options.ListenAddress}'.");
        }
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"JobRuntime:Gateway:Port must be 0..65535; it is {options.Port}.");
        }
        if (options.MaxFrameSize < 1024)
        {
            failures.Add($"JobRuntime:Gateway:MaxFrameSize must be at least 1024 bytes; it is {options.MaxFrameSize}.");
        }
        if (options.SendQueueLimit < 1)
        {
            failures.Add($"JobRuntime:Gateway:SendQueueLimit must be positive; it is {options.SendQueueLimit}.");
        }
        if (options.AccessKeySha256 is { Length: > 0 } hex && (hex.Length != 64 || !hex.All(Uri.IsHexDigit)))
        {
            failures.Add("JobRuntime:Gateway:AccessKeySha256 must be 64 hex digits.");
        }
        if (options.SlowClientTimeout <= TimeSpan.Zero || options.HandshakeTimeout <= TimeSpan.Zero)
        {
            failures.Add("JobRuntime:Gateway:SlowClientTimeout and HandshakeTimeout must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
