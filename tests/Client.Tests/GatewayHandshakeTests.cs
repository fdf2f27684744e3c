using System.Text;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Client.Tests;

public sealed class GatewayHandshakeTests
{
    private const string Key = "s3cret-cluster-key";

    private static void WithKey(Testing.TestClusterOptions options, List<string>? logs = null)
    {
        options.Configuration["JobRuntime:Gateway:AccessKey"] = Key;
        if (logs is not null)
        {
            options.ConfigureLogging = logging => logging.AddProvider(new ListLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace);
        }
    }

    [Fact]
    public async Task A_client_with_the_right_key_is_accepted()
    {
        await using var fixture = await ClientFixture.StartAsync(o => WithKey(o), c => c.AccessKey = Key);
        Assert.Equal("k:ok", await fixture.Client.GetGrain<IEchoGrain>("k").Echo("ok"));
    }

    [Fact]
    public async Task A_client_with_a_wrong_key_is_refused_at_handshake_and_the_key_is_not_logged()
    {
        var logs = new List<string>();
        await using var cluster = await Testing.TestCluster.StartAsync(o => WithKey(o, logs));
        await using var client = new ClusterClient(new ClientOptions { Gateway = cluster.GatewayAddress, AccessKey = "wrong-key-123" });
        var error = await Assert.ThrowsAsync<GatewayRefusedException>(() => client.ConnectAsync());
        Assert.Equal("access-key", error.Reason);
        Assert.Contains("wrong", error.Message);
        lock (logs)
        {
            Assert.Contains(logs, l => l.Contains("refused"));
            Assert.DoesNotContain(logs, l => l.Contains("wrong-key-123") || l.Contains(Key));
        }
    }

    [Fact]
    public async Task A_client_without_a_key_is_refused_when_the_silo_requires_one()
    {
        await using var cluster = await Testing.TestCluster.StartAsync(o => WithKey(o));
        await using var client = new ClusterClient(new ClientOptions { Gateway = cluster.GatewayAddress });
        var error = await Assert.ThrowsAsync<GatewayRefusedException>(() => client.ConnectAsync());
        Assert.Contains("requires an access key", error.Message);
    }

    [Fact]
    public async Task A_client_of_another_protocol_version_gets_a_clear_refusal()
    {
        await using var cluster = await Testing.TestCluster.StartAsync();
        using var raw = await RawConnection.OpenAsync(cluster.GatewayAddress);
        await raw.SendAsync(RawConnection.Hello(99, null));
        var answer = await raw.ReadAsync();
        Assert.Equal(3, answer!.Value.Type);
        Assert.Contains("version 1", answer.Value.Body);
        Assert.Contains("version 99", answer.Value.Body);
        Assert.True(await raw.IsClosedBySiloAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Calls_while_disconnected_fail_fast_with_silo_unavailable()
    {
        await using var fixture = await ClientFixture.StartAsync();
        await fixture.Cluster.StopAsync();
        await GatewayStreamTests.WaitUntilAsync(() => !fixture.Client.IsConnected);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => fixture.Client.GetGrain<IEchoGrain>("x").Echo("anyone"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_call_made_while_disconnected_can_wait_for_the_reconnect()
    {
        await using var fixture = await ClientFixture.StartAsync(client: c => c.DisconnectedCallWait = TimeSpan.FromSeconds(20));
        await fixture.Cluster.StopAsync();
        await GatewayStreamTests.WaitUntilAsync(() => !fixture.Client.IsConnected);
        var call = fixture.Client.GetGrain<IEchoGrain>("w").Echo("later");
        await fixture.Cluster.RestartAsync();
        Assert.Equal("w:later", await call);
    }

    [Fact]
    public async Task A_restarted_silo_is_reconnected_to_without_user_code()
    {
        await using var fixture = await ClientFixture.StartAsync();
        await fixture.Cluster.RestartAsync();
        // Reconnected by itself: a new connection, made without any call from here.
        await GatewayStreamTests.WaitUntilAsync(() => fixture.Client.Connections == 2 && fixture.Client.IsConnected);
        Assert.Equal("r:again", await fixture.Client.GetGrain<IEchoGrain>("r").Echo("again"));
    }

    [Fact]
    public async Task An_in_flight_call_during_shutdown_finishes_or_fails_with_silo_unavailable()
    {
        await using var fixture = await ClientFixture.StartAsync();
        var slow = fixture.Client.GetGrain<IEchoGrain>("s").Slow(500);
        await Task.Delay(100);
        await fixture.Cluster.StopAsync();
        try
        {
            Assert.Equal(500, await slow);
        }
        catch (SiloUnavailableException)
        {
        }
    }
}

internal sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

    public void Dispose()
    {
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder(formatter(state, exception));
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }
            lock (lines)
            {
                lines.Add(line.ToString());
            }
        }
    }
}
