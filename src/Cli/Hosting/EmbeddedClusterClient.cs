using JobRuntime.Client;
using JobRuntime.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Cli.Hosting;

/// <summary>
/// An <see cref="IClusterClient"/> over a silo in the same process: grain calls go to the silo's
/// own grain factory and streams to its stream providers, with no connection in between.
/// </summary>
internal sealed class EmbeddedClusterClient(IServiceProvider services) : IClusterClient
{
    private readonly IGrainFactory _factory = services.GetRequiredService<IGrainFactory>();

    public bool IsConnected => true;

    public Task ConnectAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CloseAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public IStreamProvider GetStreamProvider(string name) => services.GetStreamProvider(name);

    public TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey => _factory.GetGrain<TGrainInterface>(key, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => _factory.GetGrain<TGrainInterface>(key, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => _factory.GetGrain<TGrainInterface>(key, grainClassNamePrefix);

    public IGrain GetGrain(Type grainInterfaceType, object key, string? grainClassNamePrefix = null) => _factory.GetGrain(grainInterfaceType, key, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => _factory.GetGrain<TGrainInterface>(grainId);

    public T CreateObjectReference<T>(IGrainObserver observer) where T : IGrainObserver => _factory.CreateObjectReference<T>(observer);

    public void DeleteObjectReference<T>(IGrainObserver reference) where T : IGrainObserver => _factory.DeleteObjectReference<T>(reference);
}
