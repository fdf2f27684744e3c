using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.JavaScript;

/// <summary>Validates <see cref="NodeOptions"/> at startup; each failure names the option and its bad value.</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Path is { Length: 0 })
        {
            failures.Add($"{NodeOptions.SectionName}:Path must be null or a path to the node executable; it is empty.");
        }
        Positive(failures, nameof(NodeOptions.Workers), options.Workers);
        Positive(failures, nameof(NodeOptions.ProgramsPerWorker), options.ProgramsPerWorker);
        Positive(failures, nameof(NodeOptions.CheckMemoryLimitMb), options.CheckMemoryLimitMb);
        Positive(failures, nameof(NodeOptions.MemoryCheckInterval), options.MemoryCheckInterval);
        Positive(failures, nameof(NodeOptions.CheckTimeout), options.CheckTimeout);
        Positive(failures, nameof(NodeOptions.StartTimeout), options.StartTimeout);
        if (options.MemoryLimitFactor < 1 || double.IsNaN(options.MemoryLimitFactor))
        {
            failures.Add($"{NodeOptions.SectionName}:{nameof(NodeOptions.MemoryLimitFactor)} must be at least 1; it is {options.MemoryLimitFactor}.");
        }
        if (options.MemoryBaselineMb < 0)
        {
            failures.Add($"{NodeOptions.SectionName}:{nameof(NodeOptions.MemoryBaselineMb)} must not be negative; it is {options.MemoryBaselineMb}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string option, int value)
    {
        if (value <= 0)
        {
            failures.Add($"{NodeOptions.SectionName}:{option} must be positive; it is {value}.");
        }
    }

    private static void Positive(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{NodeOptions.SectionName}:{option} must be positive; it is {value}.");
        }
    }
}
