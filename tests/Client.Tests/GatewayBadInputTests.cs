using System.Buffers.Binary;
using System.Text;
using JobRuntime.Streams;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Client.Tests;

public sealed class GatewayBadInputTests
{
    private static async Task<RawConnection> HandshakenAsync(Testing.TestCluster cluster)
    {
        var raw = await RawConnection.OpenAsync(cluster.GatewayAddress);
        await raw.SendAsync(RawConnection.Hello(1, null, Guid.NewGuid().ToString("N")));
        var welcome = await raw.ReadAsync();
        Assert.Equal(2, welcome!.Value.Type);
        return raw;
    }

    private static byte[] Request(long id, string target, string @interface, int method, string arguments)
    {
        var body = new List<byte>();
        var number = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, id);
        body.AddRange(number);
        body.Add(0);
        foreach (var text in new[] { target, @interface })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            body.AddRange(length);
            body.AddRange(bytes);
        }
        var index = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(index, method);
        body.AddRange(index);
        body.AddRange(Encoding.UTF8.GetBytes(arguments));
        return RawConnection.Frame(4, [.. body]);
    }

    private static async Task AssertSiloServesAsync(Testing.TestCluster cluster)
    {
        await using var client = new ClusterClient(new ClientOptions { Gateway = cluster.GatewayAddress });
        await client.ConnectAsync();
        Assert.Equal("ok:still", await client.GetGrain<IEchoGrain>("ok").Echo("still"));
    }

    [Fact]
    public async Task A_frame_over_the_size_limit_closes_that_connection_only()
    {
        await using var cluster = await Testing.TestCluster.StartAsync(o => o.Configuration["JobRuntime:Gateway:MaxFrameSize"] = "65536");
        using var raw = await HandshakenAsync(cluster);
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header, 1_000_000);
        header[4] = 4;
        await raw.SendAsync(header);
        Assert.True(await raw.IsClosedBySiloAsync(TimeSpan.FromSeconds(10)));
        await AssertSiloServesAsync(cluster);
    }

    [Fact]
    public async Task A_truncated_request_closes_that_connection_only()
    {
        await using var cluster = await Testing.TestCluster.StartAsync();
        using var raw = await HandshakenAsync(cluster);
        await raw.SendAsync(RawConnection.Frame(4, [0, 0, 0, 1]));
        Assert.True(await raw.IsClosedBySiloAsync(TimeSpan.FromSeconds(10)));
        await AssertSiloServesAsync(cluster);
    }

    [Fact]
    public async Task An_unknown_frame_type_closes_that_connection_only()
    {
        await using var cluster = await Testing.TestCluster.StartAsync();
        using var raw = await HandshakenAsync(cluster);
        await raw.SendAsync(RawConnection.Frame(200, [1, 2, 3]));
        Assert.True(await raw.IsClosedBySiloAsync(TimeSpan.FromSeconds(10)));
        await AssertSiloServesAsync(cluster);
    }

    [Fact]
    public async Task An_unknown_interface_fails_the_call_with_a_clear_error()
    {
        await using var cluster = await Testing.TestCluster.StartAsync();
        using var raw = await HandshakenAsync(cluster);
        await raw.SendAsync(Request(7, "echo/a", "No.Such.IThing", 0, "[]"));
        var response = await raw.ReadAsync();
        Assert.Equal(5, response!.Value.Type);
        Assert.Contains("No.Such.IThing", response.Value.Body);
        Assert.Contains("GrainImplementationNotFoundException", response.Value.Body);
    }

    [Fact]
    public async Task An_unknown_method_number_fails_the_call_with_a_clear_error()
    {
        await using var cluster = await Testing.TestCluster.StartAsync();
        using var raw = await HandshakenAsync(cluster);
        await raw.SendAsync(Request(8, "echo/a", typeof(IEchoGrain).FullName!, 99, "[]"));
        var response = await raw.ReadAsync();
        Assert.Contains("no method number 99", response!.Value.Body);
    }

    [Fact]
    public async Task Arguments_that_do_not_fit_the_method_fail_the_call_with_a_clear_error()
    {
        await using var cluster = await Testing.TestCluster.StartAsync();
        using var raw = await HandshakenAsync(cluster);
        await raw.SendAsync(Request(9, "echo/a", typeof(IEchoGrain).FullName!, 0, "[1, 2, 3]"));
        var response = await raw.ReadAsync();
        Assert.Contains("GrainSerializationException", response!.Value.Body);
        await AssertSiloServesAsync(cluster);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_off_and_the_silo_keeps_serving()
    {
        var logs = new List<string>();
        await using var cluster = await Testing.TestCluster.StartAsync(o =>
        {
            o.ConfigureLogging = l => l.AddProvider(new ListLoggerProvider(logs));
            o.Configuration["JobRuntime:Gateway:SendQueueLimit"] = "16";
            o.Configuration["JobRuntime:Gateway:SlowClientTimeout"] = "00:00:01";
        });
        using var raw = await HandshakenAsync(cluster);
        var subscribe = RawSubscribe(1, "memory", "flood", "x");
        await raw.SendAsync(subscribe);
        var subscribed = await raw.ReadAsync();
        Assert.Equal(5, subscribed!.Value.Type);
        Assert.DoesNotContain("Exception", subscribed.Value.Body);
        // The raw client never reads again; the silo's socket buffers fill, then its queue.
        var stream = cluster.GetStreamProvider("memory").GetStream<string>(StreamId.Create("flood", "x"));
        var big = new string('x', 64 * 1024);
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                await stream.OnNextAsync(big);
            }
        });
        await publishing.WaitAsync(TimeSpan.FromSeconds(60));
        // Not reading for well over the slow-client timeout.
        await Task.Delay(TimeSpan.FromSeconds(5));
        // Only now does the client read: the silo must have closed it, having sent far less than the 128 MB published.
        var drained = await raw.DrainUntilClosedAsync(TimeSpan.FromSeconds(30));
        Assert.True(drained is not null, string.Join("\n", logs.Take(20)));
        Assert.True(drained < 2000L * big.Length / 2, $"The silo sent {drained} bytes to a client that did not read.");
        await AssertSiloServesAsync(cluster);
    }

    [Fact]
    public async Task Random_and_truncated_frames_for_a_while_leave_the_silo_serving()
    {
        await using var cluster = await Testing.TestCluster.StartAsync(o => o.Configuration["JobRuntime:Gateway:HandshakeTimeout"] = "00:00:01");
        var random = new Random(20261122);
        var until = DateTime.UtcNow.AddSeconds(4);
        var sent = 0;
        while (DateTime.UtcNow < until)
        {
            using var raw = await RawConnection.OpenAsync(cluster.GatewayAddress);
            if (random.Next(2) == 0)
            {
                await raw.SendAsync(RawConnection.Hello(1, null, $"fuzz{sent}"));
            }
            for (var i = 0; i < 20; i++)
            {
                var bytes = new byte[random.Next(1, 256)];
                random.NextBytes(bytes);
                var frame = random.Next(3) switch
                {
                    0 => bytes,
                    1 => RawConnection.Frame((byte)random.Next(1, 12), bytes),
                    _ => RawConnection.Frame((byte)random.Next(1, 12), bytes)[..random.Next(1, bytes.Length + 5)],
                };
                try
                {
                    await raw.SendAsync(frame);
                }
                catch (IOException)
                {
                    break;
                }
                sent++;
            }
        }
        Assert.True(sent > 100);
        await AssertSiloServesAsync(cluster);
    }

    private static byte[] RawSubscribe(long id, string provider, string ns, string key)
    {
        var body = new List<byte>();
        var number = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, id);
        body.AddRange(number);
        foreach (var text in new[] { Guid.NewGuid().ToString("N"), provider, ns, key })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            body.AddRange(length);
            body.AddRange(bytes);
        }
        BinaryPrimitives.WriteInt64BigEndian(number, -1);
        body.AddRange(number);
        return RawConnection.Frame(7, [.. body]);
    }
}
