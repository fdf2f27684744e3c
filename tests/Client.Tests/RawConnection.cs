using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Client.Tests;

/// <summary>A hand-driven TCP connection to the gateway, for protocol-level tests.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    public static async Task<RawConnection> OpenAsync(string gateway)
    {
        var raw = new RawConnection();
        var colon = gateway.LastIndexOf(':');
        await raw._client.ConnectAsync(gateway[..colon], int.Parse(gateway[(colon + 1)..]));
        raw._stream = raw._client.GetStream();
        raw._stream.ReadTimeout = 10_000;
        return raw;
    }

    public Task SendAsync(byte[] bytes) => _stream!.WriteAsync(bytes).AsTask();

    public static byte[] Frame(byte type, byte[] body)
    {
        var frame = new byte[4 + 1 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, 1 + body.Length);
        frame[4] = type;
        body.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Hello(int version, string? key, string clientId = "raw") =>
        Frame(1, JsonSerializer.SerializeToUtf8Bytes(new { Version = version, ClientId = clientId, AccessKey = key }));

    /// <summary>Reads one frame: its type and body as text; null when the silo closed the connection.</summary>
    public async Task<(byte Type, string Body)?> ReadAsync()
    {
        var header = new byte[5];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header) - 1];
        if (!await ReadExactlyAsync(body))
        {
            return null;
        }
        return (header[4], Encoding.UTF8.GetString(body));
    }

    /// <summary>True when the silo closes the connection (reads reach the end) within the timeout.</summary>
    public async Task<bool> IsClosedBySiloAsync(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (await _stream!.ReadAsync(buffer, cancellation.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Reads and discards until the silo closes the connection; returns the bytes read, or null if it stayed open past the timeout.</summary>
    public async Task<long?> DrainUntilClosedAsync(TimeSpan timeout)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var read = await _stream!.ReadAsync(buffer, cancellation.Token);
                if (read == 0)
                {
                    return total;
                }
                total += read;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (IOException)
        {
            return total;
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        try
        {
            await _stream!.ReadExactlyAsync(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
