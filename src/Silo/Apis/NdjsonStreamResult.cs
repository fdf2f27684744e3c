using System.Buffers;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// A newline-delimited JSON answer of a job's results or errors: a snapshot (what the log holds,
/// then the end) or live (events from the job's stream as they are recorded, until the client
/// goes away). A live answer is subscribed before the headers are sent, so a client that opens it
/// and then submits tasks misses nothing. With positions, each line is
/// <c>{"position": n, "index": task, "value": ...}</c>, and <c>?from=n</c> resumes right after n.
/// </summary>
public sealed class NdjsonStreamResult<T> : IResult, IEndpointMetadataProvider
{
    /// <summary>The answer's media type.</summary>
    public const string ContentType = "application/x-ndjson";

    private const int LinesPerFlush = 256;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The answer is JSON for programs, never HTML: values are written as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Func<Task<(IAsyncEnumerable<Positioned<T>> Items, IAsyncDisposable? Subscription)>> _open;
    private readonly bool _positions;
    private readonly Func<T, long> _index;
    private readonly Action<Utf8JsonWriter, T> _writeValue;

    internal NdjsonStreamResult(Func<Task<(IAsyncEnumerable<Positioned<T>> Items, IAsyncDisposable? Subscription)>> open, bool positions, Func<T, long> index, Action<Utf8JsonWriter, T> writeValue)
    {
        _open = open;
        _positions = positions;
        _index = index;
        _writeValue = writeValue;
    }

    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var aborted = httpContext.RequestAborted;
        var (items, subscription) = await _open();
        try
        {
            await response.StartAsync(aborted);
            await response.BodyWriter.FlushAsync(aborted);
            await WriteAsync(response, items, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            if (subscription is not null)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    private async Task WriteAsync(HttpResponse response, IAsyncEnumerable<Positioned<T>> items, CancellationToken aborted)
    {
        var body = response.BodyWriter;
        using var json = new Utf8JsonWriter(body, WriterOptions);
        var unflushed = 0;
        await using var next = items.GetAsyncEnumerator(aborted);
        while (true)
        {
            // Flush what is written before waiting, so a live client sees every line at once.
            var moving = next.MoveNextAsync();
            if (!moving.IsCompleted && unflushed > 0)
            {
                await body.FlushAsync(aborted);
                unflushed = 0;
            }
            if (!await moving)
            {
                break;
            }
            WriteLine(json, body, next.Current.Item, next.Current.Position);
            if (++unflushed >= LinesPerFlush)
            {
                await body.FlushAsync(aborted);
                unflushed = 0;
            }
        }
        await body.FlushAsync(aborted);
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
}
