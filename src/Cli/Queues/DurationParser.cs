using System.Globalization;

namespace JobRuntime.Cli.Queues;

/// <summary>ai4s.jobq's durations: <c>&lt;n&gt;[smhdw]</c> (<c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, <c>1w</c>); a bare number is seconds.</summary>
internal static class DurationParser
{
    public static TimeSpan Parse(string text, string option)
    {
        var value = text.Trim();
        var unit = value.Length > 0 && char.IsLetter(value[^1]) ? char.ToLowerInvariant(value[^1]) : 's';
        var number = char.IsLetter(value.Length > 0 ? value[^1] : '0') ? value[..^1] : value;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw new CliException($"{option}: '{text}' is not a duration like 30s, 10m, 2h, 1d or 1w.", ExitCodes.Usage);
        }
        return unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            'w' => TimeSpan.FromDays(7 * amount),
            _ => throw new CliException($"{option}: '{text}' has an unknown unit '{unit}' (use s, m, h, d or w).", ExitCodes.Usage),
        };
    }
}
