using System.Reflection;
using System.Text.Json;

namespace JobRuntime.Runtime;

/// <summary>
/// Finds the application's assemblies that may hold grains: every library of the app's deps.json
/// that depends, directly or not, on the runtime. The compiler drops references to assemblies no
/// code names, so a silo whose grains are only reached through interfaces still finds them.
/// </summary>
internal static class GrainAssemblyDiscovery
{
    private const string RuntimeLibrary = "JobRuntime.Runtime";

    public static IEnumerable<Assembly> LoadCandidates()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var depsFile in (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(depsFile))
            {
                names.UnionWith(ReadDependents(depsFile));
            }
        }
        foreach (var name in names)
        {
            Assembly? assembly = null;
            try
            {
                assembly = Assembly.Load(new AssemblyName(name));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // A library without an assembly of its own name (a package of several): nothing to scan.
            }
            if (assembly is not null)
            {
                yield return assembly;
            }
        }
    }

    private static IEnumerable<string> ReadDependents(string depsFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(depsFile));
        if (!document.RootElement.TryGetProperty("targets", out var targets))
        {
            return [];
        }
        // library name -> names it depends on
        var dependencies = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                var name = library.Name.Split('/')[0];
                var list = dependencies.TryGetValue(name, out var existing) ? existing : dependencies[name] = [];
                if (library.Value.TryGetProperty("dependencies", out var deps))
                {
                    list.AddRange(deps.EnumerateObject().Select(d => d.Name));
                }
            }
        }
        var dependents = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool added;
        do
        {
            added = false;
            foreach (var (name, deps) in dependencies)
            {
                if (!dependents.Contains(name) && deps.Any(d => d.Equals(RuntimeLibrary, StringComparison.OrdinalIgnoreCase) || dependents.Contains(d)))
                {
                    added |= dependents.Add(name);
                }
            }
        }
        while (added);
        return dependents;
    }
}
