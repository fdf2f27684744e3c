namespace JobRuntime.Runtime;

/// <summary>Maps a grain interface to the grain type that implements it (in a silo: from its classes; in a client: from the silo's manifest).</summary>
internal interface IGrainTypeResolver
{
    string ResolveGrainType(Type interfaceType, string? grainClassNamePrefix);
}
