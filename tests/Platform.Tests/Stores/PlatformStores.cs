using JobRuntime.Storage.Platform;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>The five platform stores of one engine, over one fresh database.</summary>
public sealed record PlatformStores(
    IPlatformProjectStore Projects,
    IPlatformJobStore Jobs,
    IPlatformDataStore Data,
    IPlatformCollectionStore Collections,
    IPlatformFrontierStore Frontiers,
    IAsyncDisposable Engine);
