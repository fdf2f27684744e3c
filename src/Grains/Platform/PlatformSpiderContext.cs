using System.Text.Json;
using JobRuntime.GrainInterfaces.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>What a .NET or JavaScript spider writes through: items, logs and requests of its job, buffered and appended in batches.</summary>
public sealed class PlatformSpiderContext
{
    private const int BatchSize = 500;
    private readonly IPlatformJobGrain _job;
    private readonly List<string>[] _buffers = [[], [], [], []];
    private readonly SemaphoreSlim _lock = new(1, 1);

    internal PlatformSpiderContext(IPlatformJobGrain job, string jobKey, IReadOnlyDictionary<string, string> arguments)
    {
        _job = job;
        JobKey = jobKey;
        Arguments = arguments;
    }

    /// <summary>The job's key, <c>project/spider/job</c>.</summary>
    public string JobKey { get; }

    /// <summary>The job's spider arguments.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; }

    /// <summary>Writes an item (any value that serializes to a JSON object).</summary>
    public Task WriteItemAsync<T>(T item) => AddAsync(PlatformJobData.Items, JsonSerializer.Serialize(item));

    /// <summary>Writes a log record at a level (10 debug, 20 info, 30 warning, 40 error, 50 critical).</summary>
    public Task LogAsync(int level, string message) =>
        AddAsync(PlatformJobData.Logs, JsonSerializer.Serialize(new { message, level, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }));

    /// <summary>Records a request the spider made.</summary>
    public Task WriteRequestAsync(string url, int status, string method = "GET", int responseSize = 0, int durationMs = 0) =>
        AddAsync(PlatformJobData.Requests, JsonSerializer.Serialize(new
        {
            url, status, method, rs = responseSize, duration = durationMs, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        }));

    /// <summary>Appends a record given as JSON text (for the JavaScript bridge).</summary>
    internal Task AddAsync(PlatformJobData kind, string json)
    {
        List<string> buffer;
        lock (_buffers)
        {
            buffer = _buffers[(int)kind];
            buffer.Add(json);
            if (buffer.Count < BatchSize)
            {
                return Task.CompletedTask;
            }
        }
        return FlushAsync();
    }

    /// <summary>Sends everything buffered.</summary>
    public async Task FlushAsync()
    {
        await _lock.WaitAsync();
        try
        {
            for (var kind = 0; kind < _buffers.Length; kind++)
            {
                string[] batch;
                lock (_buffers)
                {
                    batch = [.. _buffers[kind]];
                    _buffers[kind].Clear();
                }
                if (batch.Length > 0)
                {
                    await _job.AppendAsync((PlatformJobData)kind, null, PlatformRecordPacking.Pack(batch));
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
