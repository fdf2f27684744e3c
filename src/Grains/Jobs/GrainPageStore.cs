using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace JobRuntime.Grains.Jobs;

/// <summary>
/// A grain's pages (<see cref="StatePage"/>) in the silo's default grain storage, each a state of
/// the grain under a name of its own (<c>out.3.0</c>, <c>in.2.1</c>, <c>steps.7</c>): the same
/// engine and row or entity layout as the grain's own state, one small write per page. A page
/// written again (a step retried after its silo died) takes the stored ETag and replaces it.
/// </summary>
internal sealed class GrainPageStore(IGrainStorage storage, GrainId grain, int maxStateBytes)
{
    private readonly Dictionary<string, string?> _etags = [];

    /// <summary>The default grain storage of the silo, which also keeps the grains' own states.</summary>
    public static IGrainStorage DefaultStorage(IServiceProvider services) =>
        services.GetKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
        ?? services.GetRequiredService<IGrainStorage>();

    /// <summary>The most bytes one page carries.</summary>
    public int PayloadBytes { get; } = StatePages.PayloadBytes(maxStateBytes);

    /// <summary>Writes <paramref name="data"/> as pages <c>{name}.0</c>, <c>{name}.1</c>...; returns how many.</summary>
    public async Task<int> WriteAsync(string name, byte[] data)
    {
        var pages = StatePages.Split(data, PayloadBytes);
        await Task.WhenAll(pages.Select((page, i) => WritePageAsync(PageName(name, i), page)));
        return pages.Count;
    }

    /// <summary>Reads the <paramref name="count"/> pages written by <see cref="WriteAsync"/> under <paramref name="name"/>, joined.</summary>
    public async Task<byte[]> ReadAsync(string name, int count)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ReadPageAsync(PageName(name, i))));
        return StatePages.Join(pages);
    }

    /// <summary>Deletes the <paramref name="count"/> pages under <paramref name="name"/>.</summary>
    public Task ClearAsync(string name, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => ClearPageAsync(PageName(name, i))));

    private static string PageName(string name, int page) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}.{page}");

    private async Task WritePageAsync(string name, byte[] data)
    {
        if (data.Length > PayloadBytes)
        {
            throw new InvalidOperationException($"Page {name} of grain {grain} would take {data.Length} bytes; pages take at most {PayloadBytes} (JobRuntime:Jobs:MaxStateBytes).");
        }
        var state = new GrainState<StatePage>(new StatePage { Data = data }) { ETag = _etags.GetValueOrDefault(name) };
        try
        {
            await storage.WriteStateAsync(name, grain, state);
        }
        catch (InconsistentStateException)
        {
            // Written before by an activation that did not record it (or not yet seen here): replace it.
            var stored = new GrainState<StatePage>(new StatePage());
            await storage.ReadStateAsync(name, grain, stored);
            state.ETag = stored.ETag;
            await storage.WriteStateAsync(name, grain, state);
        }
        _etags[name] = state.ETag;
    }

    private async Task<byte[]> ReadPageAsync(string name)
    {
        var state = new GrainState<StatePage>(new StatePage());
        await storage.ReadStateAsync(name, grain, state);
        if (!state.RecordExists)
        {
            throw new InvalidDataException($"Page {name} of grain {grain} is missing from grain storage.");
        }
        _etags[name] = state.ETag;
        return state.State?.Data ?? [];
    }

    private async Task ClearPageAsync(string name)
    {
        var state = new GrainState<StatePage>(new StatePage()) { ETag = _etags.GetValueOrDefault(name) };
        try
        {
            await storage.ClearStateAsync(name, grain, state);
        }
        catch (InconsistentStateException)
        {
            var stored = new GrainState<StatePage>(new StatePage());
            await storage.ReadStateAsync(name, grain, stored);
            if (stored.RecordExists)
            {
                await storage.ClearStateAsync(name, grain, stored);
            }
        }
        _etags.Remove(name);
    }
}
