using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using JobRuntime.Client.Map;
using JobRuntime.Client.States;

namespace JobRuntime.Silo.Tests;

/// <summary>States and maps against the silo as its own process: HTTP, an Orleans client in this process, and jobrt sent SIGINT mid-map.</summary>
public sealed class StateProcessTests(StateSiloFixture fixture) : IClassFixture<StateSiloFixture>
{
    private readonly string _directory = fixture.Directory;
    private readonly SiloProcess _silo = fixture.Silo;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_state_api_gets_puts_patches_and_deletes_json_values()
    {
        var http = _silo.Http;
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync("/state/fruit/keys/apples", Json("5"))).StatusCode);
        Assert.Equal(5, await http.GetFromJsonAsync<int>("/state/fruit/keys/apples"));
        var patched = await http.PatchAsync("/state/fruit", Json("""{"pears": [1, 2], "apples": null}"""));
        Assert.Equal(3, (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        var state = await http.GetFromJsonAsync<JsonElement>("/state/fruit");
        Assert.Equal("[1,2]", state.GetProperty("values").GetProperty("pears").GetRawText());
        Assert.False(state.GetProperty("values").TryGetProperty("apples", out _));
        var missing = await http.GetAsync("/state/fruit/keys/apples");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("apples", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/state/fruit/keys/pears")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/state/fruit")).StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_a_message()
    {
        var answer = await _silo.Http.PutAsync("/state/fruit/keys/apples", Json("five"));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("not JSON", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_compare_and_set_over_http_is_a_conflict()
    {
        await _silo.Http.PutAsync("/state/cas/keys/x", Json("1"));
        var answer = await _silo.Http.PatchAsync("/state/cas?version=0", Json("""{"x": 2}"""));
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
    }

    [Fact]
    public async Task A_long_poll_returns_when_an_orleans_client_in_another_process_sets_the_value()
    {
        var waiting = _silo.Http.GetAsync("/state/poll/wait?condition=equal&key=ready&value=true&timeout=60");
        await Task.Delay(300);
        await using var client = await OrleansClientHost.StartAsync(_silo.GatewayAddress);
        await client.Client.GetState("poll").SetAsync("ready", true);
        var answer = await waiting;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("state").GetProperty("values").GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task A_long_poll_past_its_timeout_answers_408_with_a_message()
    {
        var answer = await _silo.Http.GetAsync("/state/poll/wait?condition=available&key=never&timeout=0.3");
        Assert.Equal(HttpStatusCode.RequestTimeout, answer.StatusCode);
        Assert.Contains("never", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_sent_events_carry_each_update_with_its_version()
    {
        // The answer's headers come with its first event; replaying from version 0 misses nothing.
        var opening = _silo.Http.GetStreamAsync("/state/sse/updates?after=0");
        await _silo.Http.PutAsync("/state/sse/keys/a", Json("1"));
        await _silo.Http.PutAsync("/state/sse/keys/a", Json("2"));
        using var stream = await opening;
        using var reader = new StreamReader(stream);
        var data = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (data.Count < 2 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
        }
        Assert.Equal([1L, 2L], data.Select(d => d.GetProperty("version").GetInt64()));
        Assert.Equal(1, data[1].GetProperty("before").GetInt32());
    }

    [Fact]
    public async Task A_client_process_waits_on_a_state_grain_of_the_silo_process()
    {
        await using var client = await OrleansClientHost.StartAsync(_silo.GatewayAddress);
        var state = client.Client.GetState("observer");
        var waiting = state.WhenEqualAsync("n", 3, new StateWaitOptions(Timeout: TimeSpan.FromSeconds(60)));
        for (var i = 1; i <= 3; i++)
        {
            await _silo.Http.PutAsync("/state/observer/keys/n", Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.Equal(3, (await waiting).Values["n"].GetInt32());
    }

    [Fact]
    public async Task A_client_process_maps_a_javascript_program_over_the_silo_process_in_order()
    {
        await using var client = await OrleansClientHost.StartAsync(_silo.GatewayAddress);
        var results = await new MapClient(client.Client).MapJavaScriptAsync<int, int>("function Run(d) { return d * 3; }", Enumerable.Range(0, 500)).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 500).Select(x => x * 3), results);
    }

    [Fact]
    public async Task Jobrt_map_sent_SIGINT_mid_map_exits_130_and_leaves_no_job_running()
    {
        var cli = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!;
        // env restores SIGINT's default action (a test host may run with it ignored, which .NET keeps), then becomes dotnet.
        var start = new ProcessStartInfo("env") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", cli, "map", "--gateway", _silo.GatewayAddress, "-e", "function Run(d) { var end = Date.now() + 200; while (Date.now() < end) {} return d; }", "--workers", "2"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var firstLine = process.StandardOutput.ReadLineAsync();
        var error = process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 200; i++)
        {
            await process.StandardInput.WriteLineAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        process.StandardInput.Close();
        Assert.Equal("0", await firstLine.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.False(process.HasExited, $"jobrt ended before SIGINT: {(process.HasExited ? await error : "")}");
        await InterruptAsync(process.Id); // SIGINT, as Ctrl-C in a terminal
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(130 == process.ExitCode, $"exit code {process.ExitCode}: {await error}");
        Assert.Contains("interrupted", await error, StringComparison.Ordinal);
        Assert.Empty(await _silo.Http.GetFromJsonAsync<JsonElement[]>("/jobs/") ?? []);
    }

    [Fact]
    public async Task A_waiter_whose_client_process_is_killed_is_dropped_after_the_waiter_expiry()
    {
        var cli = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var argument in (string[])[cli, "state", "wait", "killed", "--gateway", _silo.GatewayAddress, "--for", "available", "--key", "never"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await using var client = await OrleansClientHost.StartAsync(_silo.GatewayAddress);
        var grain = client.Client.GetGrain<GrainInterfaces.State.IStateGrain>("killed");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await grain.GetWaiterCount() == 0)
        {
            Assert.False(process.HasExited, $"jobrt state wait ended early: {(process.HasExited ? await error : "")}");
            await Task.Delay(200, limit.Token);
        }

        // While jobrt lives it renews its waiter, which is held past twice the expiry.
        await Task.Delay(StateSiloFixture.WaiterExpiry * 2 + TimeSpan.FromSeconds(1), limit.Token);
        Assert.Equal(1, await grain.GetWaiterCount());

        process.Kill(); // SIGKILL: no chance to cancel its wait
        await process.WaitForExitAsync(limit.Token);
        while (await grain.GetWaiterCount() > 0)
        {
            await Task.Delay(200, limit.Token);
        }
    }

    private static async Task InterruptAsync(int pid)
    {
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-INT");
        start.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        var output = await kill.StandardError.ReadToEndAsync() + await kill.StandardOutput.ReadToEndAsync();
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -INT {pid} failed ({kill.ExitCode}): {output}");
    }
}

/// <summary>One silo process shared by the state process tests (each test uses its own namespaces).</summary>
public sealed class StateSiloFixture : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("jobruntime-state-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    /// <summary>How long the silo's state grains hold a waiter that is not renewed (short, to see a dead client's waiter go).</summary>
    public static TimeSpan WaiterExpiry { get; } = TimeSpan.FromSeconds(3);

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(Path.Combine(Directory, "silo.db"), null,
        "--JobRuntime:State:WaiterExpiry", WaiterExpiry.ToString("c", System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
