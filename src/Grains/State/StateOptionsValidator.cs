using System.Globalization;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.State;

/// <summary>Checks <see cref="StateOptions"/> at start-up; each failure names the configuration key and the bad value.</summary>
internal sealed class StateOptionsValidator : IValidateOptions<StateOptions>
{
    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        var failures = new List<string>();
        if (options.HistoryLength is < 1 or > 100_000)
        {
            failures.Add(Invariant($"{StateOptions.SectionName}:HistoryLength must be 1 to 100000; it is {options.HistoryLength}."));
        }
        if (options.WaiterExpiry < TimeSpan.FromSeconds(1))
        {
            failures.Add(Invariant($"{StateOptions.SectionName}:WaiterExpiry must be at least 1 second; it is {options.WaiterExpiry}."));
        }
        if (options.MaxLease < TimeSpan.FromMilliseconds(10))
        {
            failures.Add(Invariant($"{StateOptions.SectionName}:MaxLease must be at least 10 ms; it is {options.MaxLease}."));
        }
        if (options.MaxValueBytes is < 16 or > 64 << 20)
        {
            failures.Add(Invariant($"{StateOptions.SectionName}:MaxValueBytes must be 16 to 67108864; it is {options.MaxValueBytes}."));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
