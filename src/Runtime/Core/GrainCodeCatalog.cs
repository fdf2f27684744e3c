using System.Collections.Concurrent;
using System.Reflection;
using JobRuntime.CodeGeneration;
using JobRuntime.Timers;

namespace JobRuntime.Runtime;

/// <summary>
/// The grain interfaces and classes this process knows, from the registries the source generator
/// put in each assembly. Assemblies are read when loaded, so grains of any loaded assembly work
/// without registration.
/// </summary>
internal sealed class GrainCodeCatalog : IGrainTypeResolver
{
    private readonly object _lock = new();
    private readonly HashSet<Assembly> _scanned = [];
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _interfaces = new();
    private readonly ConcurrentDictionary<string, GrainInterfaceInfo> _interfacesByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, GrainClassMetadata> _classes = new();
    private readonly ConcurrentDictionary<(Type, string?), string> _resolved = new();
    private volatile Dictionary<string, List<GrainClassMetadata>> _byGrainType = new(StringComparer.Ordinal);

    public GrainCodeCatalog()
    {
        AddInterface(RemindableProxy.Info);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Scan(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Scan(assembly);
        }
        foreach (var assembly in GrainAssemblyDiscovery.LoadCandidates())
        {
            Scan(assembly);
        }
    }

    public IEnumerable<GrainClassMetadata> GrainClasses => _classes.Values;

    public IEnumerable<GrainInterfaceInfo> Interfaces => _interfaces.Values;

    /// <summary>Reads an assembly's generated registries (once).</summary>
    public void Scan(Assembly assembly)
    {
        if (assembly.IsDynamic)
        {
            return;
        }
        lock (_lock)
        {
            if (!_scanned.Add(assembly))
            {
                return;
            }
        }
        foreach (var attribute in assembly.GetCustomAttributes<GeneratedGrainCodeAttribute>())
        {
            var registry = (IGrainCodeRegistry)Activator.CreateInstance(attribute.RegistryType)!;
            foreach (var info in registry.GetInterfaces())
            {
                AddInterface(info);
            }
            foreach (var grainClass in registry.GetGrainClasses())
            {
                _classes.TryAdd(grainClass.GrainClass, new GrainClassMetadata(grainClass.GrainClass, grainClass.Interfaces));
            }
        }
        lock (_lock)
        {
            var byType = new Dictionary<string, List<GrainClassMetadata>>(StringComparer.Ordinal);
            foreach (var metadata in _classes.Values)
            {
                if (!byType.TryGetValue(metadata.GrainType, out var list))
                {
                    byType[metadata.GrainType] = list = [];
                }
                list.Add(metadata);
            }
            _byGrainType = byType;
            _resolved.Clear();
        }
    }

    private void AddInterface(GrainInterfaceInfo info)
    {
        _interfaces.TryAdd(info.InterfaceType, info);
        _interfacesByName.TryAdd(info.Name, info);
    }

    /// <summary>The generated metadata of a grain or observer interface.</summary>
    /// <exception cref="InvalidOperationException">The interface's assembly was not built with the code generator.</exception>
    public GrainInterfaceInfo GetInterface(Type interfaceType)
    {
        if (_interfaces.TryGetValue(interfaceType, out var info))
        {
            return info;
        }
        Scan(interfaceType.Assembly);
        return _interfaces.TryGetValue(interfaceType, out info)
            ? info
            : throw new InvalidOperationException($"{interfaceType} has no generated proxy: is it a non-generic interface extending IGrainWith*Key or IGrainObserver, in a project built with <UseGrainCodeGen>true</UseGrainCodeGen>?");
    }

    /// <summary>The interface with the given wire name, or null.</summary>
    public GrainInterfaceInfo? FindInterface(string name) => _interfacesByName.GetValueOrDefault(name);

    /// <summary>The grain type of the class implementing <paramref name="interfaceType"/>.</summary>
    /// <exception cref="GrainImplementationNotFoundException">No class, or several, implement it.</exception>
    public string ResolveGrainType(Type interfaceType, string? grainClassNamePrefix)
    {
        if (_resolved.TryGetValue((interfaceType, grainClassNamePrefix), out var grainType))
        {
            return grainType;
        }
        var candidates = _classes.Values
            .Where(c => interfaceType.IsAssignableFrom(c.GrainClass))
            .Where(c => grainClassNamePrefix is null
                || c.GrainClass.FullName!.StartsWith(grainClassNamePrefix, StringComparison.Ordinal)
                || c.GrainClass.Name.StartsWith(grainClassNamePrefix, StringComparison.Ordinal))
            .ToList();
        if (candidates.Count == 0)
        {
            throw new GrainImplementationNotFoundException(
                $"No grain class implements {interfaceType.Name}{(grainClassNamePrefix is null ? "" : $" with a class name starting '{grainClassNamePrefix}'")}. " +
                "Grain classes are found in loaded assemblies built with <UseGrainCodeGen>true</UseGrainCodeGen>.");
        }
        if (candidates.Count > 1)
        {
            throw new GrainImplementationNotFoundException(
                $"Several grain classes implement {interfaceType.Name} ({string.Join(", ", candidates.Select(c => c.GrainClass.Name))}): pass grainClassNamePrefix to GetGrain to choose one.");
        }
        grainType = candidates[0].GrainType;
        _resolved[(interfaceType, grainClassNamePrefix)] = grainType;
        return grainType;
    }

    /// <summary>The class of a grain type.</summary>
    /// <exception cref="GrainImplementationNotFoundException">No class, or several, have that grain type.</exception>
    public GrainClassMetadata GetClass(string grainType)
    {
        if (_byGrainType.TryGetValue(grainType, out var classes))
        {
            if (classes.Count == 1)
            {
                return classes[0];
            }
            throw new GrainImplementationNotFoundException(
                $"Grain type '{grainType}' is claimed by several classes ({string.Join(", ", classes.Select(c => c.GrainClass.FullName))}): give them distinct [GrainType] names.");
        }
        throw new GrainImplementationNotFoundException($"No grain class has grain type '{grainType}'.");
    }
}
