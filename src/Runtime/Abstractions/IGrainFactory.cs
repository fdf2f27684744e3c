namespace JobRuntime;

/// <summary>
/// Makes grain references. A reference is cheap, can be stored and passed in calls, and is valid
/// forever: the grain is activated on its first call.
/// </summary>
public interface IGrainFactory
{
    /// <summary>A reference to the string-keyed grain <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="grainClassNamePrefix">Chooses among several classes implementing the interface.</param>
    TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the Guid-keyed grain <paramref name="key"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to the integer-keyed grain <paramref name="key"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>
    /// A reference for an interface known only at run time. The key's kind must match the
    /// interface's (<see cref="string"/>, <see cref="Guid"/> or <see cref="long"/>).
    /// </summary>
    /// <exception cref="InvalidGrainKeyException">The key is of another kind than the interface's.</exception>
    IGrain GetGrain(Type grainInterfaceType, object key, string? grainClassNamePrefix = null);

    /// <summary>A reference of interface <typeparamref name="TGrainInterface"/> to the grain <paramref name="grainId"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable;

    /// <summary>
    /// A reference through which grains call <paramref name="observer"/> back. The factory keeps
    /// the object alive until <see cref="DeleteObjectReference{T}"/>.
    /// </summary>
    T CreateObjectReference<T>(IGrainObserver observer) where T : IGrainObserver;

    /// <summary>Stops delivering calls to the object behind <paramref name="reference"/>.</summary>
    void DeleteObjectReference<T>(IGrainObserver reference) where T : IGrainObserver;
}
