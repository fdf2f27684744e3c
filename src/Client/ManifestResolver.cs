using JobRuntime.Messaging;
using JobRuntime.Runtime;

namespace JobRuntime.Client;

/// <summary>Resolves grain interfaces to grain types from the manifest the silo sent at handshake.</summary>
internal sealed class ManifestResolver : IGrainTypeResolver
{
    private volatile GrainTypeEntry[]? _manifest;

    public void Update(GrainTypeEntry[] manifest) => _manifest = manifest;

    public string ResolveGrainType(Type interfaceType, string? grainClassNamePrefix)
    {
        var manifest = _manifest ?? throw new SiloUnavailableException($"The client has not connected yet: it cannot resolve {interfaceType.Name}. Call ConnectAsync first.");
        var name = interfaceType.FullName!;
        var candidates = manifest
            .Where(e => e.Interfaces.Contains(name))
            .Where(e => grainClassNamePrefix is null
                || e.ClassFullName.StartsWith(grainClassNamePrefix, StringComparison.Ordinal)
                || e.ClassName.StartsWith(grainClassNamePrefix, StringComparison.Ordinal))
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0].GrainType,
            0 => throw new GrainImplementationNotFoundException($"The silo has no grain class implementing {interfaceType.Name}{(grainClassNamePrefix is null ? "" : $" with a class name starting '{grainClassNamePrefix}'")}."),
            _ => throw new GrainImplementationNotFoundException($"Several grain classes implement {interfaceType.Name} ({string.Join(", ", candidates.Select(c => c.ClassName))}): pass grainClassNamePrefix to GetGrain to choose one."),
        };
    }
}
