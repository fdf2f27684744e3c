using System.Net.Http.Json;
using System.Text;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Console.Tests;

/// <summary>A silo process of its own (own SQLite file, free ports) for one test, with helpers that act as another API client.</summary>
internal sealed class ConsoleSilo : IAsyncDisposable
{
    /// <summary>A JavaScript program whose tasks 4, 9, 14, ... fail.</summary>
    public const string Program = "function Run(d) { if (d % 5 === 4) throw new Error('no multiples of 5 minus one: ' + d); return d * 2; }";

    /// <summary>A JavaScript program whose tasks take about 100 ms each: a job of a few hundred runs long enough to cancel.</summary>
    public const string SlowProgram = "function Run(d) { var end = Date.now() + 100; while (Date.now() < end) {} return d; }";

    /// <summary>Silo arguments for jobs of <see cref="SlowProgram"/>: small batches, so that results come early and most tasks are still unstarted.</summary>
    public static readonly string[] SmallBatches = ["--JobRuntime:Jobs:BatchSize", "4"];

    private readonly string _directory;
    private readonly string[] _arguments;

    private ConsoleSilo(SiloProcess silo, string directory, string[] arguments)
    {
        Process = silo;
        _directory = directory;
        _arguments = arguments;
    }

    public SiloProcess Process { get; private set; }

    public Uri Address => Process.Address;

    public static async Task<ConsoleSilo> StartAsync(params string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-console-").FullName;
        return new ConsoleSilo(await SiloProcess.StartAsync(Path.Combine(directory, "silo.db"), null, arguments), directory, arguments);
    }

    /// <summary>Stops the silo process and starts another on the same file.</summary>
    public async Task RestartAsync()
    {
        await Process.DisposeAsync();
        Process = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null, _arguments);
    }

    public async Task<string> CreateJobAsync(HttpClient? http = null, string program = Program)
    {
        using var response = await (http ?? Process.Http).PostAsJsonAsync("/jobs/", new { program });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task SubmitAsync(string id, int count, HttpClient? http = null)
    {
        var body = string.Join('\n', Enumerable.Range(0, count)) + "\n";
        using var response = await (http ?? Process.Http).PostAsync($"/jobs/{id}/tasks", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
