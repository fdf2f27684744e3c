using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// The tables the crawling platform's Azure stores share (one per silo): each is created on first
/// use. The grains that own the rows (a project's queue, a job, a collection, a frontier slot)
/// serialize the writes to them across the cluster; counters are guarded by ETags besides.
/// </summary>
public sealed class AzurePlatformTables : IAsyncDisposable
{
    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    /// <summary>Reaches the account of <paramref name="connectionString"/> with the table names of <paramref name="options"/>.</summary>
    public AzurePlatformTables(string connectionString, AzurePlatformStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        options ??= new AzurePlatformStoreOptions();
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }
        _service = new TableServiceClient(connectionString);
        _prefix = options.TablePrefix.ToLowerInvariant();
    }

    internal Task<TableClient> ProjectsAsync(CancellationToken cancellationToken) => GetAsync("projects", cancellationToken);

    internal Task<TableClient> SpidersAsync(CancellationToken cancellationToken) => GetAsync("spiders", cancellationToken);

    internal Task<TableClient> ActivityAsync(CancellationToken cancellationToken) => GetAsync("activity", cancellationToken);

    internal Task<TableClient> UsersAsync(CancellationToken cancellationToken) => GetAsync("users", cancellationToken);

    internal Task<TableClient> JobsAsync(CancellationToken cancellationToken) => GetAsync("jobs", cancellationToken);

    internal Task<TableClient> DataAsync(CancellationToken cancellationToken) => GetAsync("data", cancellationToken);

    internal Task<TableClient> CollectionsAsync(CancellationToken cancellationToken) => GetAsync("collections", cancellationToken);

    internal Task<TableClient> FrontiersAsync(CancellationToken cancellationToken) => GetAsync("frontiers", cancellationToken);

    private async Task<TableClient> GetAsync(string suffix, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(suffix, s => new Lazy<Task<TableClient>>(() => CreateAsync(_prefix + s)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _tables.TryRemove(KeyValuePair.Create(suffix, lazy)); // the next call tries again
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var table = _service.GetTableClient(name);
        await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        return table;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
