using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Silo.Tests;

/// <summary>Jobs over HTTP against the silo as its own process: bad programs, and a live results stream that reconnects.</summary>
public sealed class JobsProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-jobs-").FullName;

    private static async Task<string> CreateAsync(SiloProcess silo, string program, object? limits = null)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["program"] = program,
            ["bid"] = 1.0,
            ["taskTimeout"] = 2,
            ["memoryLimitMb"] = 64,
        });
        var created = await silo.Http.PostAsync("/jobs/", new StringContent(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task SubmitAsync(SiloProcess silo, string id, string lines) =>
        Assert.Equal(HttpStatusCode.Created, (await silo.Http.PostAsync($"/jobs/{id}/tasks", new StringContent(lines))).StatusCode);

    private static async Task<JsonElement> WaitForEndAsync(SiloProcess silo, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await silo.Http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
            if (job.GetProperty("finished").GetInt64() + job.GetProperty("failed").GetInt64() == job.GetProperty("total").GetInt64())
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {id} did not end: {job}");
            await Task.Delay(100);
        }
    }

    private static async Task<List<JsonElement>> LinesAsync(SiloProcess silo, string path) =>
        [.. (await silo.Http.GetStringAsync(path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task A_node_worker_running_a_program_that_loops_forever_dies_with_its_silo()
    {
        var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"));
        try
        {
            var body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["program"] = "function Run(d) { for (;;) {} }", ["taskTimeout"] = 3600 });
            var created = await silo.Http.PostAsync("/jobs/", new StringContent(body));
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await SubmitAsync(silo, id, "1\n2\n");
            // The silo's node workers, busy in the loop.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            int[] workers;
            while ((workers = ChildProcesses(silo.ProcessId, "node")).Length == 0 || !workers.Any(Busy))
            {
                Assert.True(DateTime.UtcNow < deadline, "no node worker of the silo became busy");
                await Task.Delay(100);
            }

            await silo.KillAsync();

            deadline = DateTime.UtcNow.AddSeconds(15);
            while (workers.Any(Alive))
            {
                Assert.True(DateTime.UtcNow < deadline, $"node workers {string.Join(", ", workers.Where(Alive))} outlived their silo");
                await Task.Delay(100);
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    // The children of a process whose command is the given program, from /proc.
    private static int[] ChildProcesses(int parent, string program) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Stat(pid) is { } stat && stat.Parent == parent && stat.Command == program)];

    private static bool Alive(int pid) => Stat(pid) is { State: not 'Z' };

    private static bool Busy(int pid) => Stat(pid) is { State: 'R' };

    private static (string Command, char State, int Parent)? Stat(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var open = text.IndexOf('(');
            var close = text.LastIndexOf(')');
            var rest = text[(close + 2)..].Split(' ');
            return (text[(open + 1)..close], rest[0][0], int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [Theory]
    [InlineData("function Run(d) { for (;;) {} }", "timeout")]
    [InlineData("function Run(d) { const a = []; for (;;) { a.push(new Array(1e6).fill(d)); } }", "limit")]
    [InlineData("function Run(d) { return Run(d + 1); }", "program")]
    [InlineData("function Run(d) { return process.pid; }", "program")]
    [InlineData("function Run(d) { return require('fs').readFileSync('/etc/hostname', 'utf8'); }", "program")]
    [InlineData("function Run(d) { return this.constructor.constructor('return process')().pid; }", "program")]
    [InlineData("function Run(d) { throw 42; }", "program")]
    [InlineData("function Run(d) { const o = {}; o.self = o; return o; }", "program")]
    public async Task A_bad_program_gets_its_documented_error_while_the_silo_and_other_jobs_go_on(string program, string type)
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"));
        var bad = await CreateAsync(silo, program);
        var good = await CreateAsync(silo, "function Run(d) { return d * 2; }");
        await SubmitAsync(silo, bad, "1\n");
        await SubmitAsync(silo, good, "1\n2\n3\n");

        var badJob = await WaitForEndAsync(silo, bad);
        Assert.Equal(1, badJob.GetProperty("failed").GetInt64());
        var error = Assert.Single(await LinesAsync(silo, $"/jobs/{bad}/errors"));
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));

        await WaitForEndAsync(silo, good);
        Assert.Equal([2, 4, 6], (await LinesAsync(silo, $"/jobs/{good}/results")).Select(r => r.GetInt32()).Order());
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Undefined_and_NaN_results_are_null()
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"));
        var id = await CreateAsync(silo, "function Run(d) { return d === 0 ? undefined : NaN; }");
        await SubmitAsync(silo, id, "0\n1\n");
        await WaitForEndAsync(silo, id);
        Assert.All(await LinesAsync(silo, $"/jobs/{id}/results"), r => Assert.Equal(JsonValueKind.Null, r.ValueKind));
    }

    [Fact]
    public async Task A_live_results_stream_that_reconnects_from_its_last_position_sees_no_gap_and_no_duplicate()
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"));
        var id = await CreateAsync(silo, "function Run(d) { return d; }");
        var seen = new List<long>();
        long last = -1;

        // First connection: read 100 results, then drop the connection.
        using (var first = new HttpClient { BaseAddress = silo.Address })
        using (var response = await first.GetAsync($"/jobs/{id}/results?stream&positions", HttpCompletionOption.ResponseHeadersRead))
        {
            await SubmitAsync(silo, id, string.Concat(Enumerable.Range(0, 300).Select(i => $"{i}\n")));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (seen.Count < 100 && await reader.ReadLineAsync() is { } line)
            {
                var item = JsonDocument.Parse(line).RootElement;
                seen.Add(item.GetProperty("value").GetInt64());
                last = item.GetProperty("position").GetInt64();
            }
        }
        // More tasks while disconnected.
        await SubmitAsync(silo, id, string.Concat(Enumerable.Range(300, 200).Select(i => $"{i}\n")));

        using var second = new HttpClient { BaseAddress = silo.Address };
        using var resumed = await second.GetAsync($"/jobs/{id}/results?stream&positions&from={last}", HttpCompletionOption.ResponseHeadersRead);
        using var rest = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        while (seen.Count < 500 && await rest.ReadLineAsync() is { } line)
        {
            seen.Add(JsonDocument.Parse(line).RootElement.GetProperty("value").GetInt64());
        }
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), seen.Order());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
