using System.Reflection;

namespace JobRuntime.Sqlite.Engine;

/// <summary>Reads the embedded <c>.sql</c> resources of this assembly (queries and migrations).</summary>
internal static class SqlResources
{
    private static readonly Assembly s_assembly = typeof(SqlResources).Assembly;

    /// <summary>The text of one resource.</summary>
    /// <exception cref="InvalidOperationException">No such resource: a build mistake, not a runtime condition.</exception>
    public static string Read(string resourceName)
    {
        using var stream = s_assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The SQL resource '{resourceName}' is not embedded in {s_assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The names of the resources under a folder, e.g. <c>Migrations/</c>, in ordinal order.</summary>
    public static IReadOnlyList<string> List(string folder) =>
        s_assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
