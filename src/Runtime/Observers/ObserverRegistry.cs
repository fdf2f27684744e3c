using System.Collections.Concurrent;
using JobRuntime.CodeGeneration;
using JobRuntime.Serialization;

namespace JobRuntime.Observers;

/// <summary>
/// The objects of this process that grains can call back through references made by
/// <c>CreateObjectReference</c>. Calls run on the thread pool, never on a grain's scheduler.
/// </summary>
internal sealed class ObserverRegistry(GrainCopier copier, string? keyPrefix = null)
{
    /// <summary>The grain type of observer references.</summary>
    public const string GrainType = "sys.observer";

    private readonly ConcurrentDictionary<string, IGrainObserver> _objects = new(StringComparer.Ordinal);

    public int Count => _objects.Count;

    public GrainId Register(IGrainObserver observer)
    {
        var id = new GrainId(GrainType, keyPrefix + Guid.NewGuid().ToString("N"));
        _objects[id.Key] = observer;
        return id;
    }

    public bool Remove(GrainId id) => _objects.TryRemove(id.Key, out _);

    public bool TryGet(GrainId id, out IGrainObserver observer) => _objects.TryGetValue(id.Key, out observer!);

    /// <summary>Carries calls to observers of other processes (a silo's gateway routes them to its clients).</summary>
    public IObserverRouter? Router { get; set; }

    public ValueTask<T> InvokeAsync<T>(GrainReference target, GrainRequest<T> request)
    {
        if (!_objects.TryGetValue(target.GrainId.Key, out var observer))
        {
            if (Router is { } router && router.TryRoute(target, request, out var routed))
            {
                return routed;
            }
            return ValueTask.FromException<T>(NotFound(target));
        }
        request.CopyArguments(copier);
        return new ValueTask<T>(Task.Run(async () => copier.Copy(await request.InvokeAsync(observer))));
    }

    public void InvokeOneWay(GrainReference target, GrainRequest request, Action<Exception> onError)
    {
        if (!_objects.TryGetValue(target.GrainId.Key, out var observer))
        {
            if (Router is { } router && router.TryRouteOneWay(target, request))
            {
                return;
            }
            throw NotFound(target);
        }
        request.CopyArguments(copier);
        ThreadPool.QueueUserWorkItem(static async s =>
        {
            try
            {
                await s.request.InvokeUntypedAsync(s.observer);
            }
            catch (Exception e)
            {
                s.onError(e);
            }
        }, (request, observer, onError), preferLocal: false);
    }

    private static ObserverNotFoundException NotFound(GrainReference target) =>
        new($"Observer {target.GrainId} ({target.InterfaceType.Name}) was deleted, or the process that created it is gone.");
}

/// <summary>Routes observer calls to the process that holds the observer.</summary>
internal interface IObserverRouter
{
    bool TryRoute<T>(GrainReference target, GrainRequest<T> request, out ValueTask<T> result);

    bool TryRouteOneWay(GrainReference target, GrainRequest request);
}
