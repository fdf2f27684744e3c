using System.Text.Json;
using JobRuntime.Client.Jobs;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Map;

/// <summary>
/// Parallel maps over the cluster's workers (zproc's <c>process_map</c>, spychronous's
/// <c>SynchronousJob</c>): each map is a job underneath, so it shares the workers fairly with other
/// jobs, and is deleted when the map ends or is cancelled.
/// <code>
/// var maps = new MapClient(client);
/// await foreach (var square in maps.MapAsync&lt;int, int&gt;("square", Enumerable.Range(0, 1000)))
///     Console.WriteLine(square);
/// </code>
/// </summary>
public sealed class MapClient
{
    private readonly IClusterClient _client;
    private readonly JobClient _jobs;

    /// <summary>A map client acting for <paramref name="owner"/> (its maps are that owner's jobs while they run).</summary>
    public MapClient(IClusterClient client, string owner = "local")
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _jobs = new JobClient(client, owner);
    }

    /// <summary>Maps the .NET handler registered in the silos as <paramref name="handler"/> (<c>AddTaskHandler</c>) over the items.</summary>
    /// <exception cref="InvalidJobException">(When enumerated) no silo handler has that name.</exception>
    public MapRun<TResult> MapAsync<TItem, TResult>(string handler, IEnumerable<TItem> items, MapOptions? options = null) =>
        Map<TItem, TResult>(handler, ProgramKind.DotNet, items, options);

    /// <summary>Maps a JavaScript program (<c>function Run(d)</c>) over the items.</summary>
    /// <exception cref="InvalidJobException">(When enumerated) the program does not compile.</exception>
    public MapRun<TResult> MapJavaScriptAsync<TItem, TResult>(string program, IEnumerable<TItem> items, MapOptions? options = null) =>
        Map<TItem, TResult>(program, ProgramKind.JavaScript, items, options);

    /// <summary>Maps a program of either kind over JSON items, yielding JSON results (what <c>jobrt map</c> does).</summary>
    public MapRun<JsonElement?> MapJsonAsync(string program, ProgramKind kind, IAsyncEnumerable<JsonElement> items, MapOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(items);
        options ??= MapOptions.Default;
        options.Validate();
        return new MapRun<JsonElement?>((run, ct) => new ClusterMapRun<JsonElement?>(_client, _jobs, run, options).RunAsync(program, kind, items, ct));
    }

    private MapRun<TResult> Map<TItem, TResult>(string program, ProgramKind kind, IEnumerable<TItem> items, MapOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(items);
        options ??= MapOptions.Default;
        options.Validate();
        if (options.Sequential)
        {
            throw new ArgumentException("Sequential (debug) mode runs a local function: use ParallelMap.MapAsync with the handler's code.", nameof(options));
        }
        var json = ToJson(items, options);
        return new MapRun<TResult>((run, ct) => new ClusterMapRun<TResult>(_client, _jobs, run, options).RunAsync(program, kind, json, ct));
    }

    private static async IAsyncEnumerable<JsonElement> ToJson<TItem>(IEnumerable<TItem> items, MapOptions options)
    {
        long position = 0;
        foreach (var item in items)
        {
            yield return MapCall.Build(item, position++, options);
        }
        await Task.CompletedTask;
    }
}
