using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>A silo process with short slow-client limits: 2 s for headers, bodies at 100 bytes/s after 2 s; user alice.</summary>
public sealed class SlowClientSilo : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-slow-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
        "--JobRuntime:Users:0:Name", "alice", "--JobRuntime:Users:0:Password", "alice-pw", "--JobRuntime:Users:0:Projects:0", "1",
        "--JobRuntime:Http:Limits:RequestHeadersTimeoutSeconds", "2",
        "--JobRuntime:Http:Limits:MinRequestBodyBytesPerSecond", "100",
        "--JobRuntime:Http:Limits:MinRequestBodyGraceSeconds", "2");

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Slow clients (slow loris, trickling bodies) and oversize bodies in numbers against <see cref="SlowClientSilo"/>.</summary>
public sealed class SlowClientTests(SlowClientSilo silo) : IClassFixture<SlowClientSilo>
{
    private static readonly string Credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alice-pw"));

    [Fact]
    public async Task Clients_trickling_their_headers_are_answered_408_and_disconnected_while_others_are_served()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var lorises = Enumerable.Range(0, 20).Select(_ => TrickleHeadersAsync(stop.Token)).ToList();
        await Task.Delay(1_000);

        using var served = await GetJobsAsync();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        var answers = await Task.WhenAll(lorises);
        Assert.All(answers, answer => Assert.True(answer.Closed && (answer.Response.Length == 0 || answer.Response.StartsWith("HTTP/1.1 408", StringComparison.Ordinal)),
            $"closed by the silo: {answer.Closed}; answer: {answer.Response}"));
    }

    [Fact]
    public async Task A_task_upload_trickling_below_the_minimum_rate_gets_408_and_the_silo_keeps_serving()
    {
        using var created = await SendAsync(HttpMethod.Post, "/jobs/", JsonContent.Create(new { program = "function Run(d) { return d; }" }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var socket = await ConnectAsync();
        using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /jobs/{id}/tasks HTTP/1.1\r\nHost: silo\r\nAuthorization: Basic {Credentials}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n"), stop.Token);

        var answer = await TrickleUntilClosedAsync(stream, "1\n"u8.ToArray(), stop.Token);

        Assert.True(answer.Closed, $"the silo kept the connection; answer: {answer.Response}");
        Assert.StartsWith("HTTP/1.1 408", answer.Response, StringComparison.Ordinal);
        using var after = await GetJobsAsync();
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Many_huge_bodies_at_once_leave_the_silo_memory_bounded_and_serving()
    {
        var before = Memory(silo.Silo.ProcessId);
        using var created = await SendAsync(HttpMethod.Post, "/jobs/", JsonContent.Create(new { program = "function Run(d) { return d; }" }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var pushed = await SendAsync(HttpMethod.Post, "/storage/jobq/1/push", new StringContent("{\"spider\":\"big\"}"));
        var key = (await pushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        const int Each = 64 << 20;
        string[] paths = ["/jobs/", $"/jobs/{id}/tasks", "/state/big/", "/queues/big/messages", $"/storage/items/{key}", "/storage/collections/1/s/big", "/storage/hcf/1/big/s/slot"];

        // 21 bodies of 64 MiB sent at once, without a length: the silo reads each only up to its
        // limit (a body or line limit of a few MiB), so 1.3 GiB of input must not become memory.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 3 * paths.Length).Select(async i =>
        {
            var path = paths[i % paths.Length];
            using var request = new HttpRequestMessage(path.StartsWith("/state", StringComparison.Ordinal) ? HttpMethod.Patch : HttpMethod.Post, path) { Content = new EndlessContent(Each) };
            request.Headers.Authorization = new("Basic", Credentials);
            try
            {
                using var response = await silo.Silo.Http.SendAsync(request);
                return (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return 0; // the silo refused and closed before the client had sent everything
            }
        }));

        var after = Memory(silo.Silo.ProcessId);
        Assert.All(statuses, s => Assert.True(s is 0 or 400 or 413, $"status {s}"));
        Assert.True(after.Peak < Math.Max(before.Peak, before.Resident) + (400L << 20),
            $"peak resident memory went from {before.Peak >> 20} MiB to {after.Peak >> 20} MiB (resident {before.Resident >> 20} MiB before)");
        using var served = await GetJobsAsync();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private async Task<(bool Closed, string Response)> TrickleHeadersAsync(CancellationToken cancel)
    {
        using var socket = await ConnectAsync();
        using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /jobs/ HTTP/1.1\r\nHost: silo\r\nAuthorization: Basic {Credentials}\r\nX-Slow: "), cancel);
        return await TrickleUntilClosedAsync(stream, "a"u8.ToArray(), cancel);
    }

    /// <summary>Sends <paramref name="bit"/> every half second until the silo closes the connection; what it answered meanwhile.</summary>
    private static async Task<(bool Closed, string Response)> TrickleUntilClosedAsync(NetworkStream stream, byte[] bit, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        var read = stream.ReadAsync(buffer, cancel).AsTask();
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (await Task.WhenAny(read, Task.Delay(500, cancel)) == read)
                {
                    var n = await read;
                    if (n == 0)
                    {
                        return (true, answer.ToString());
                    }
                    answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    read = stream.ReadAsync(buffer, cancel).AsTask();
                    continue;
                }
                await stream.WriteAsync(bit, cancel);
            }
        }
        catch (IOException)
        {
            return (true, answer.ToString()); // reset by the silo
        }
        catch (OperationCanceledException)
        {
        }
        return (false, answer.ToString());
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, silo.Silo.Address.Port);
        return socket;
    }

    private Task<HttpResponseMessage> GetJobsAsync() => SendAsync(HttpMethod.Get, "/jobs/");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Basic", Credentials);
        return await silo.Silo.Http.SendAsync(request);
    }

    /// <summary>The process's resident and peak resident memory, in bytes, from /proc.</summary>
    private static (long Resident, long Peak) Memory(int processId)
    {
        long Field(string[] lines, string name) => long.Parse(lines.Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) << 10;
        var status = File.ReadAllLines($"/proc/{processId}/status");
        return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }

    /// <summary>A body of <c>length</c> bytes of JSON-looking text (one record with a long key), made as it is sent, without a Content-Length.</summary>
    private sealed class EndlessContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var block = Encoding.ASCII.GetBytes(new string('x', 64 << 10));
            await stream.WriteAsync("{\"_key\":\""u8.ToArray());
            for (long sent = 0; sent < length; sent += block.Length)
            {
                await stream.WriteAsync(block);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
