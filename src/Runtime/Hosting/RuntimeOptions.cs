namespace JobRuntime.Hosting;

/// <summary>Activation lifetime options (configuration section <c>JobRuntime:Collection</c>).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>How long an activation may stay idle before it is collected. Default: 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default: 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The cancellation deadline given to <c>OnActivateAsync</c>. Default: 30 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The cancellation deadline given to <c>OnDeactivateAsync</c>. Default: 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Call options (configuration section <c>JobRuntime:Messaging</c>).</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a caller waits for a grain's response before a <see cref="TimeoutException"/>. Default: 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Silo options (configuration section <c>JobRuntime:Silo</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>How long a graceful shutdown waits for grains to deactivate. Default: 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Validates the runtime options at startup; messages name the option and the bad value.</summary>
internal sealed class RuntimeOptionsValidator :
    Microsoft.Extensions.Options.IValidateOptions<GrainCollectionOptions>,
    Microsoft.Extensions.Options.IValidateOptions<MessagingOptions>,
    Microsoft.Extensions.Options.IValidateOptions<SiloOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, GrainCollectionOptions options) =>
        Check(
            Positive(options.CollectionAge, "JobRuntime:Collection:CollectionAge"),
            Positive(options.CollectionQuantum, "JobRuntime:Collection:CollectionQuantum"),
            Positive(options.ActivationTimeout, "JobRuntime:Collection:ActivationTimeout"),
            Positive(options.DeactivationTimeout, "JobRuntime:Collection:DeactivationTimeout"));

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, MessagingOptions options) =>
        Check(Positive(options.ResponseTimeout, "JobRuntime:Messaging:ResponseTimeout"));

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SiloOptions options) =>
        Check(Positive(options.ShutdownTimeout, "JobRuntime:Silo:ShutdownTimeout"));

    private static string? Positive(TimeSpan value, string option) =>
        value > TimeSpan.Zero ? null : $"{option} must be positive; it is {value}.";

    private static Microsoft.Extensions.Options.ValidateOptionsResult Check(params string?[] failures)
    {
        var messages = failures.Where(f => f is not null).Select(f => f!).ToList();
        return messages.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(messages);
    }
}
