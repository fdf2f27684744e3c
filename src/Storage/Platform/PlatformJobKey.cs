using System.Globalization;

namespace JobRuntime.Storage.Platform;

/// <summary>A platform job's key, <c>project/spider/job</c>, each part a positive number.</summary>
/// <param name="Project">The numeric project id.</param>
/// <param name="Spider">The spider's number within the project.</param>
/// <param name="Job">The job's number within the spider (1, 2, 3, ...).</param>
public readonly record struct PlatformJobKey(long Project, int Spider, int Job)
{
    /// <summary>Parses <c>p/s/j</c>; false when any part is missing or not a number.</summary>
    public static bool TryParse(string? text, out PlatformJobKey key)
    {
        key = default;
        var parts = text?.Split('/');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var project)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var spider)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var job))
        {
            return false;
        }
        key = new PlatformJobKey(project, spider, job);
        return true;
    }

    /// <summary>The spider's key, <c>p/s</c>.</summary>
    public string SpiderKey => string.Create(CultureInfo.InvariantCulture, $"{Project}/{Spider}");

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Project}/{Spider}/{Job}");
}
