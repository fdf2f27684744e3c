using JobRuntime.CodeGeneration;
using JobRuntime.Observers;

namespace JobRuntime.Runtime;

/// <summary>Makes references: grain ids from interface + key, proxies from the generated code.</summary>
internal sealed class GrainFactory(GrainCodeCatalog code, IGrainTypeResolver resolver, ObserverRegistry observers) : IGrainFactory
{
    private IGrainCallInvoker? _invoker;

    public IGrainCallInvoker Invoker
    {
        get => _invoker ?? throw new InvalidOperationException("The grain factory is not connected to a runtime yet.");
        set => _invoker = value;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.String, key, grainClassNamePrefix);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey =>
        (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.Guid, GrainId.FormatKey(key), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey =>
        (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.Integer, GrainId.FormatKey(key), grainClassNamePrefix);

    public IGrain GetGrain(Type grainInterfaceType, object key, string? grainClassNamePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(grainInterfaceType);
        ArgumentNullException.ThrowIfNull(key);
        var (kind, text) = key switch
        {
            string s => (GrainKeyKind.String, s),
            Guid g => (GrainKeyKind.Guid, GrainId.FormatKey(g)),
            long l => (GrainKeyKind.Integer, GrainId.FormatKey(l)),
            int i => (GrainKeyKind.Integer, GrainId.FormatKey(i)),
            _ => throw new InvalidGrainKeyException($"A grain key must be a string, Guid or long; {grainInterfaceType.Name} was given a {key.GetType().Name}."),
        };
        return (IGrain)Create(grainInterfaceType, kind, text, grainClassNamePrefix);
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The default GrainId names no grain.", nameof(grainId));
        }
        return (TGrainInterface)(object)code.GetInterface(typeof(TGrainInterface)).CreateProxy(Invoker, grainId);
    }

    public T CreateObjectReference<T>(IGrainObserver observer) where T : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainReference)
        {
            throw new ArgumentException("The observer is already a reference; pass the object that implements the interface.", nameof(observer));
        }
        if (observer is not T)
        {
            throw new ArgumentException($"{observer.GetType().Name} does not implement {typeof(T).Name}.", nameof(observer));
        }
        var info = code.GetInterface(typeof(T));
        return (T)(object)info.CreateProxy(Invoker, observers.Register(observer));
    }

    public void DeleteObjectReference<T>(IGrainObserver reference) where T : IGrainObserver
    {
        if (reference is not GrainReference { GrainId: var id } || id.Type != ObserverRegistry.GrainType)
        {
            throw new ArgumentException("Pass the reference returned by CreateObjectReference.", nameof(reference));
        }
        observers.Remove(id);
    }

    private object Create(Type interfaceType, GrainKeyKind kind, string key, string? grainClassNamePrefix)
    {
        var info = code.GetInterface(interfaceType);
        if (info.KeyKind != kind)
        {
            throw new InvalidGrainKeyException(
                $"{interfaceType.Name} is addressed by a {Describe(info.KeyKind)} key; it was given a {Describe(kind)} key '{key}'.");
        }
        var grainType = resolver.ResolveGrainType(interfaceType, grainClassNamePrefix);
        return info.CreateProxy(Invoker, new GrainId(grainType, key));
    }

    private static string Describe(GrainKeyKind kind) => kind switch
    {
        GrainKeyKind.String => "string",
        GrainKeyKind.Guid => "Guid",
        GrainKeyKind.Integer => "integer",
        _ => "observer",
    };
}
