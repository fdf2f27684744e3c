using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace JobRuntime.Messaging;

/// <summary>A frame read off a connection.</summary>
internal readonly record struct Frame(FrameType Type, byte[] Body);

/// <summary>
/// One TCP connection carrying frames both ways. Reads check every frame's size before buffering
/// it; writes go through a bounded queue drained by one loop that batches frames into few
/// flushes. A peer that stops reading fills the queue, and the connection is closed rather than
/// letting memory grow.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<byte[]> _outbound;
    private readonly int _maxFrameSize;
    private readonly TimeSpan _sendTimeout;
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _writeLoop;

    public FrameConnection(Socket socket, int maxFrameSize, int sendQueueLimit, TimeSpan sendTimeout)
    {
        _socket = socket;
        _socket.NoDelay = true;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
        _writer = PipeWriter.Create(_stream);
        _maxFrameSize = maxFrameSize;
        _sendTimeout = sendTimeout;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(sendQueueLimit) { SingleReader = true });
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the connection closed, if it failed.</summary>
    public Exception? CloseReason { get; private set; }

    public string RemoteEndPoint { get; }

    /// <summary>Reads the next frame; null at the end of the stream.</summary>
    /// <exception cref="ProtocolException">The frame is malformed or too large.</exception>
    public async ValueTask<Frame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryParse(ref buffer, out var frame))
            {
                _reader.AdvanceTo(buffer.Start);
                return frame;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                if (buffer.Length > 0)
                {
                    throw new ProtocolException($"The connection ended inside a frame ({buffer.Length} bytes left over).");
                }
                return null;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryParse(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = default;
        if (buffer.Length < Protocol.LengthSize)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[Protocol.LengthSize];
        buffer.Slice(0, Protocol.LengthSize).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 1 || length > _maxFrameSize)
        {
            throw new ProtocolException($"A frame of {length} bytes is outside the allowed 1..{_maxFrameSize} bytes.");
        }
        if (buffer.Length < Protocol.LengthSize + length)
        {
            return false;
        }
        var content = buffer.Slice(Protocol.LengthSize, length);
        var type = (FrameType)content.FirstSpan[0];
        if (!Enum.IsDefined(type))
        {
            throw new ProtocolException($"Frame type {(byte)type} is unknown.");
        }
        frame = new Frame(type, content.Slice(1).ToArray());
        buffer = buffer.Slice(Protocol.LengthSize + length);
        return true;
    }

    /// <summary>Queues a frame; waits while the queue is full, and closes the connection if it stays full past the send timeout.</summary>
    public ValueTask SendAsync(byte[] frame)
    {
        if (_outbound.Writer.TryWrite(frame))
        {
            return ValueTask.CompletedTask;
        }
        return SendSlowAsync(frame);
    }

    private async ValueTask SendSlowAsync(byte[] frame)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        timeout.CancelAfter(_sendTimeout);
        try
        {
            await _outbound.Writer.WriteAsync(frame, timeout.Token);
        }
        catch (OperationCanceledException) when (!_closed.IsCancellationRequested)
        {
            var error = new ProtocolException($"The peer at {RemoteEndPoint} stopped reading: its send queue stayed full for {_sendTimeout}.");
            Close(error);
            throw error;
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            throw new ConnectionClosedException($"The connection to {RemoteEndPoint} is closed.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closed.Token))
            {
                while (reader.TryRead(out var frame))
                {
                    _writer.Write(frame);
                }
                var flushed = await _writer.FlushAsync(_closed.Token);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Close(e is OperationCanceledException ? null : e);
        }
    }

    /// <summary>Closes the connection (idempotent).</summary>
    public void Close(Exception? reason = null)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }
        CloseReason ??= reason;
        _outbound.Writer.TryComplete();
        _closed.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _socket.Close();
    }

    /// <summary>Sends what is queued (up to a second), then closes.</summary>
    public async Task DrainAndCloseAsync()
    {
        _outbound.Writer.TryComplete();
        await Task.WhenAny(_writeLoop, Task.Delay(TimeSpan.FromSeconds(1)));
        Close();
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _writeLoop;
        try
        {
            await _reader.CompleteAsync();
            await _writer.CompleteAsync();
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or SocketException)
        {
            // The socket is already closed; nothing is left to flush.
        }
    }
}

/// <summary>A call could not be sent or answered because its connection closed.</summary>
public sealed class ConnectionClosedException(string message) : JobRuntimeException(message);
