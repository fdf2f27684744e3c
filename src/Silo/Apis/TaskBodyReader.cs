using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// Reads a task body (newline-delimited JSON, one task per line, blank lines ignored) as it
/// arrives and hands the tasks to the job in batches, one batch in flight while the next is read,
/// so memory stays bounded by the batch and the longest line, whatever the body's length.
/// </summary>
internal sealed class TaskBodyReader(PipeReader body, IJobGrain job, int maxTaskBytes, int batchSize)
{
    private readonly List<string> _batch = new(batchSize);
    private Task<TaskRange>? _inFlight;
    private long _line;
    private long _scanned;

    /// <summary>Tasks handed to the job and durable.</summary>
    public long Submitted { get; private set; }

    /// <summary>Reads the whole body; returns null when every task is durable, else why the body was refused.</summary>
    public async Task<TaskBodyError?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                TaskBodyError? error = null;
                while (error is null && TryTakeLine(ref buffer, read.IsCompleted, out var line))
                {
                    _line++;
                    error = Parse(line);
                    if (_batch.Count >= batchSize)
                    {
                        await SubmitBatchAsync();
                    }
                }
                if (error is null && !read.IsCompleted && buffer.Length > maxTaskBytes + 1)
                {
                    error = TooLarge(_line + 1);
                }
                if (error is not null || read.IsCompleted)
                {
                    body.AdvanceTo(buffer.End);
                    await DrainAsync();
                    return error ?? (Submitted == 0 ? new TaskBodyError(StatusCodes.Status400BadRequest, "The request has no tasks: send one JSON value per line.", 0) : null);
                }
                body.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            // On cancellation a batch may still be in flight: observe its outcome.
            _inFlight?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private bool TryTakeLine(ref ReadOnlySequence<byte> buffer, bool final, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.Slice(_scanned).PositionOf((byte)'\n');
        if (newline is { } end)
        {
            line = buffer.Slice(0, end);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            _scanned = 0;
            return true;
        }
        _scanned = buffer.Length;
        if (final && !buffer.IsEmpty)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            _scanned = 0;
            return true;
        }
        line = default;
        return false;
    }

    private TaskBodyError? Parse(ReadOnlySequence<byte> line)
    {
        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }
        if (line.Length > maxTaskBytes)
        {
            return TooLarge(_line);
        }
        if (IsBlank(line))
        {
            return null;
        }
        var reader = new Utf8JsonReader(line);
        try
        {
            reader.Read();
            reader.Skip(); // the value is checked here, and sent on as its text
            var end = reader.BytesConsumed;
            if (reader.Read())
            {
                return NotJson("it holds more than one JSON value");
            }
            _batch.Add(System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, line.Slice(0, end)).Trim());
            return null;
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = (cut > 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
            return NotJson($"{reason}, at byte {(e.BytePositionInLine ?? 0) + 1}");
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private TaskBodyError NotJson(string reason) =>
        new(StatusCodes.Status400BadRequest, $"Line {_line} of the request is not JSON ({reason}).", _line);

    private TaskBodyError TooLarge(long line) =>
        new(StatusCodes.Status413PayloadTooLarge, $"Line {line} of the request is larger than the limit of {maxTaskBytes} bytes per task ({JobsApiOptions.Section}:MaxTaskBytes).", line);

    // Waits for the batch in flight and sends the next one.
    private async Task SubmitBatchAsync()
    {
        if (_inFlight is not null)
        {
            var inFlight = _inFlight;
            _inFlight = null;
            Submitted += (await inFlight).Count;
        }
        if (_batch.Count > 0)
        {
            _inFlight = job.SubmitJson([.. _batch]);
            _batch.Clear();
        }
    }

    private async Task DrainAsync()
    {
        await SubmitBatchAsync();
        await SubmitBatchAsync();
    }
}

/// <summary>Why a task body was refused: the status (400 or 413), the message and the line (1-based; 0 for the whole body).</summary>
internal sealed record TaskBodyError(int StatusCode, string Message, long Line);
