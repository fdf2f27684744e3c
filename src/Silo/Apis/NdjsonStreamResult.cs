using System.Buffers;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using JobRuntime.Streams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// A newline-delimited JSON answer read from a job's durable results or errors stream: either a
/// snapshot (the first <c>count</c> items, then the end) or live (items as they are stored,
/// until the client goes away). The subscription exists before the headers are sent, so a client
/// that opens a live stream and then submits tasks misses nothing. With positions, each line is
/// <c>{"position": n, "index": task, "value": ...}</c>, and <c>?from=n</c> resumes right after n.
/// </summary>
public sealed class NdjsonStreamResult<T> : IResult, IEndpointMetadataProvider
{
    /// <summary>The answer's media type.</summary>
    public const string ContentType = "application/x-ndjson";

    // Items read ahead of the response; the stream's delivery waits when it is full.
    private const int ReadAhead = 1_024;
    private const int LinesPerFlush = 256;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The answer is JSON for programs, never HTML: values are written as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly IAsyncStream<T> _stream;
    private readonly long? _count;
    private readonly StreamSequenceToken? _from;
    private readonly bool _positions;
    private readonly TimeSpan _stallTimeout;
    private readonly Func<T, long> _index;
    private readonly Action<Utf8JsonWriter, T> _writeValue;

    internal NdjsonStreamResult(IAsyncStream<T> stream, long? count, StreamSequenceToken? from, bool positions, TimeSpan stallTimeout, Func<T, long> index, Action<Utf8JsonWriter, T> writeValue)
    {
        _stream = stream;
        _count = count;
        _from = from;
        _positions = positions;
        _stallTimeout = stallTimeout;
        _index = index;
        _writeValue = writeValue;
    }

    /// <summary>True when the answer stays open for new items.</summary>
    public bool IsLive => _count is null;

    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        if (_count == 0)
        {
            return;
        }
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var aborted = httpContext.RequestAborted;
        var channel = Channel.CreateBounded<(T Item, long Position)>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var handle = await _stream.SubscribeAsync(new ChannelObserver(channel.Writer, stop.Token), _from ?? (IsLive ? null : StreamSequenceToken.Beginning));
        try
        {
            await response.StartAsync(aborted);
            await response.BodyWriter.FlushAsync(aborted);
            await WriteAsync(response, channel.Reader, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            await stop.CancelAsync();
            await handle.UnsubscribeAsync();
        }
    }

    private async Task WriteAsync(HttpResponse response, ChannelReader<(T Item, long Position)> reader, CancellationToken aborted)
    {
        var body = response.BodyWriter;
        using var json = new Utf8JsonWriter(body, WriterOptions);
        long written = 0;
        var unflushed = 0;
        while (_count is null || written < _count)
        {
            if (!reader.TryRead(out var next))
            {
                if (unflushed > 0)
                {
                    await body.FlushAsync(aborted);
                    unflushed = 0;
                }
                if (!await WaitAsync(reader, aborted))
                {
                    break;
                }
                continue;
            }
            WriteLine(json, body, next.Item, next.Position);
            written++;
            if (++unflushed >= LinesPerFlush)
            {
                await body.FlushAsync(aborted);
                unflushed = 0;
            }
        }
        await body.FlushAsync(aborted);
    }

    // A snapshot that stalls ends: items past the stream's retention never come.
    private async Task<bool> WaitAsync(ChannelReader<(T Item, long Position)> reader, CancellationToken aborted)
    {
        if (IsLive)
        {
            return await reader.WaitToReadAsync(aborted);
        }
        try
        {
            return await reader.WaitToReadAsync(aborted).AsTask().WaitAsync(_stallTimeout, aborted);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void WriteLine(Utf8JsonWriter json, System.IO.Pipelines.PipeWriter body, T item, long position)
    {
        if (_positions)
        {
            json.WriteStartObject();
            json.WriteNumber("position", position);
            json.WriteNumber("index", _index(item));
            json.WritePropertyName("value");
            _writeValue(json, item);
            json.WriteEndObject();
        }
        else
        {
            _writeValue(json, item);
        }
        json.Flush();
        body.Write("\n"u8);
        json.Reset();
    }

    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(void), [ContentType]));
    }

    // Hands the stream's items to the response; once the response is over it drops them.
    private sealed class ChannelObserver(ChannelWriter<(T Item, long Position)> writer, CancellationToken stopped) : IAsyncObserver<T>
    {
        public async Task OnNextAsync(T item, StreamSequenceToken? token = null)
        {
            try
            {
                await writer.WriteAsync((item, token?.SequenceNumber ?? 0), stopped);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
            }
        }

        public Task OnCompletedAsync()
        {
            writer.TryComplete();
            return Task.CompletedTask;
        }

        public Task OnErrorAsync(Exception ex)
        {
            writer.TryComplete();
            return Task.CompletedTask;
        }
    }
}
