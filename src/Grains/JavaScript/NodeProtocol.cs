using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using JobRuntime.Grains.Execution;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains.JavaScript;

/// <summary>
/// The newline-delimited JSON spoken with worker.js over stdio.
/// <list type="bullet">
/// <item>Silo to worker, a batch: <c>{"k":"run","j":job,"p":program?,"x":[evicted jobs]?,"o":outputLimit,"ct":loadTimeoutMs,"f":flushEveryMs}</c>
/// then, on the next line, the tasks <c>[{"i":index,"d":data},...]</c>. The program comes only the
/// first time a worker sees the job; the worker compiles it once and keeps it until evicted.
/// With <c>"f":0</c> the worker writes each answer as its task ends; otherwise it gathers answers
/// and writes them at least every <c>f</c> ms and at the end of the batch.</item>
/// <item>Silo to worker, a check: <c>{"k":"check","p":program,"ct":timeoutMs}</c>.</item>
/// <item>Worker to silo: <c>{"ready":true,"v":version}</c> once at start; per task, in order and as
/// soon as it ends, <c>{"i":index,"r":result,"us":micros,"l":[log]?}</c> or
/// <c>{"i":index,"e":{"message","name","stack","type"},"us":micros,"l":[log]?}</c>; per check
/// <c>{"ok":true}</c> or <c>{"ok":false,"m":message}</c>; <c>{"fatal":text}</c> before exiting on a bug.</item>
/// </list>
/// With <c>"f":0</c> the task in flight is the first of the batch without an answer.
/// </summary>
internal static class NodeProtocol
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // worker.js refuses results nested deeper than 512 levels; answers add two.
    private const int MaxDepth = 520;

    /// <summary>Creates the writer a worker reuses for every message.</summary>
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>Writes a batch: the header line and the tasks line.</summary>
    public static void WriteRun(Utf8JsonWriter writer, IBufferWriter<byte> output, JobProgram program, bool withProgram, IReadOnlyList<string> evicted, IReadOnlyList<TaskInput> tasks, int loadTimeoutMs, int flushEveryMs)
    {
        writer.WriteStartObject();
        writer.WriteString("k"u8, "run"u8);
        writer.WriteString("j"u8, program.JobId);
        if (withProgram)
        {
            writer.WriteString("p"u8, program.Text);
        }
        if (evicted.Count > 0)
        {
            writer.WriteStartArray("x"u8);
            foreach (var id in evicted)
            {
                writer.WriteStringValue(id);
            }
            writer.WriteEndArray();
        }
        writer.WriteNumber("o"u8, program.OutputLimitBytes);
        writer.WriteNumber("ct"u8, loadTimeoutMs);
        writer.WriteNumber("f"u8, flushEveryMs);
        writer.WriteEndObject();
        NewLine(writer, output);

        // The tasks line is written by hand: each input's raw JSON is copied as it is, unless it
        // holds a line break (whitespace between its tokens), which the writer re-serializes away.
        Write(output, "["u8);
        for (var k = 0; k < tasks.Count; k++)
        {
            Write(output, k == 0 ? "{\"i\":"u8 : ",{\"i\":"u8);
            Utf8Formatter.TryFormat(tasks[k].Index, output.GetSpan(20), out var digits);
            output.Advance(digits);
            Write(output, ",\"d\":"u8);
            var data = tasks[k].Data;
            if (data.ValueKind == JsonValueKind.Undefined)
            {
                Write(output, "null"u8);
            }
            else if (JsonMarshal.GetRawUtf8Value(data) is var raw && raw.IndexOfAny((byte)'\n', (byte)'\r') < 0)
            {
                Write(output, raw);
            }
            else
            {
                writer.Reset(output);
                data.WriteTo(writer);
                writer.Flush();
            }
            Write(output, "}"u8);
        }
        Write(output, "]\n"u8);
        writer.Reset(output);
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>Writes a check of a program.</summary>
    public static void WriteCheck(Utf8JsonWriter writer, IBufferWriter<byte> output, string program, int timeoutMs)
    {
        writer.WriteStartObject();
        writer.WriteString("k"u8, "check"u8);
        writer.WriteString("p"u8, program);
        writer.WriteNumber("ct"u8, timeoutMs);
        writer.WriteEndObject();
        NewLine(writer, output);
    }

    // Ends a line: flushes the writer, appends '\n' to its output (the writer never puts one inside
    // a value) and resets the writer for the next top-level value.
    private static void NewLine(Utf8JsonWriter writer, IBufferWriter<byte> output)
    {
        writer.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
        writer.Reset(output);
    }

    /// <summary>
    /// Parses the answers of a batch (whole lines) into outcomes, appended in order. The results
    /// share one document, so a batch costs one parse of its results rather than one per task.
    /// </summary>
    public static void ParseAnswers(ReadOnlySequence<byte> lines, IReadOnlyList<TaskInput> tasks, List<TaskOutcome> outcomes)
    {
        var reader = new Utf8JsonReader(lines, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = MaxDepth });
        var answers = new List<(long Index, long Start, long End, TaskError? Error, string[]? Log, TimeSpan Elapsed)>();
        var resultBytes = 0L;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new NodeWorkerException("The worker wrote an answer that is not a JSON object.");
            }
            long index = -1, start = -1, end = -1;
            TaskError? error = null;
            string[]? log = null;
            var elapsed = TimeSpan.Zero;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("i"u8))
                {
                    reader.Read();
                    index = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("r"u8))
                {
                    reader.Read();
                    start = reader.TokenStartIndex;
                    reader.Skip();
                    end = reader.BytesConsumed;
                    resultBytes += end - start + 1;
                }
                else if (reader.ValueTextEquals("e"u8))
                {
                    reader.Read();
                    error = ReadError(ref reader);
                }
                else if (reader.ValueTextEquals("us"u8))
                {
                    reader.Read();
                    elapsed = TimeSpan.FromMicroseconds(reader.GetInt64());
                }
                else if (reader.ValueTextEquals("l"u8))
                {
                    reader.Read();
                    log = ReadStrings(ref reader);
                }
                else if (reader.ValueTextEquals("fatal"u8))
                {
                    reader.Read();
                    throw new NodeWorkerException($"The node worker failed: {ReadString(ref reader)}");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            var expected = outcomes.Count + answers.Count;
            if (expected >= tasks.Count || tasks[expected].Index != index || (start < 0) == (error is null))
            {
                throw new NodeWorkerException($"The node worker broke the protocol: expected a result or an error for task {(expected < tasks.Count ? tasks[expected].Index : -1)}, got an answer for task {index}.");
            }
            answers.Add((index, start, end, error, log, elapsed));
        }

        var results = ParseResults(lines, answers, resultBytes);
        var next = 0;
        foreach (var (index, start, _, error, log, elapsed) in answers)
        {
            outcomes.Add(new TaskOutcome(index, start >= 0 ? results[next++] : null, error, log ?? [], elapsed));
        }
    }

    // Copies the results into one JSON array and parses it once.
    private static JsonElement[] ParseResults(ReadOnlySequence<byte> lines, List<(long Index, long Start, long End, TaskError? Error, string[]? Log, TimeSpan Elapsed)> answers, long bytes)
    {
        if (bytes == 0)
        {
            return [];
        }
        // Each result takes its length plus one byte for the '[' or ',' before it; the ']' ends it.
        var array = new byte[bytes + 1];
        var at = 0;
        foreach (var (_, start, end, _, _, _) in answers)
        {
            if (start < 0)
            {
                continue;
            }
            array[at] = at == 0 ? (byte)'[' : (byte)',';
            lines.Slice(start, end - start).CopyTo(array.AsSpan(at + 1));
            at += 1 + (int)(end - start);
        }
        array[at] = (byte)']';
        var document = JsonDocument.Parse(array, new JsonDocumentOptions { MaxDepth = MaxDepth });
        var elements = new JsonElement[document.RootElement.GetArrayLength()];
        var k = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            elements[k++] = element;
        }
        return elements;
    }

    /// <summary>Parses one line from the worker outside a batch: ready, a check's answer or a fatal error.</summary>
    public static WorkerAnswer Parse(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new NodeWorkerException($"The worker wrote a line that is not a JSON object: {Text(line)}");
        }
        var answer = new WorkerAnswer();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ok"u8))
            {
                reader.Read();
                answer.Kind = WorkerAnswerKind.Check;
                answer.CheckPassed = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("m"u8))
            {
                reader.Read();
                answer.Message = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("ready"u8))
            {
                reader.Read();
                answer.Kind = WorkerAnswerKind.Ready;
            }
            else if (reader.ValueTextEquals("fatal"u8))
            {
                reader.Read();
                answer.Kind = WorkerAnswerKind.Fatal;
                answer.Message = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return answer;
    }

    private static TaskError ReadError(ref Utf8JsonReader reader)
    {
        string message = "", name = "Error", stack = "", type = TaskError.Program;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueTextEquals("message"u8) ? 0 : reader.ValueTextEquals("name"u8) ? 1 : reader.ValueTextEquals("stack"u8) ? 2 : reader.ValueTextEquals("type"u8) ? 3 : -1;
            reader.Read();
            switch (property)
            {
                case 0: message = ReadString(ref reader); break;
                case 1: name = ReadString(ref reader); break;
                case 2: stack = ReadString(ref reader); break;
                case 3: type = ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TaskError(message, name, stack, type);
    }

    private static string[] ReadStrings(ref Utf8JsonReader reader)
    {
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadString(ref reader));
        }
        return [.. list];
    }

    // Program text may hold lone surrogates, which JSON escapes but .NET strings refuse to decode.
    private static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return "";
        }
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }

    private static string Text(ReadOnlySequence<byte> line)
    {
        var text = System.Text.Encoding.UTF8.GetString((line.Length > 200 ? line.Slice(0, 200) : line).ToArray());
        return line.Length > 200 ? text + "..." : text;
    }
}

/// <summary>What a worker line said.</summary>
internal enum WorkerAnswerKind
{
    /// <summary>Nothing recognized.</summary>
    Unknown,
    /// <summary>The worker started.</summary>
    Ready,
    /// <summary>A check ended.</summary>
    Check,
    /// <summary>The worker hit a bug of its own and exits.</summary>
    Fatal,
}

/// <summary>One parsed worker line.</summary>
internal struct WorkerAnswer
{
    public WorkerAnswerKind Kind;
    public bool CheckPassed;
    public string? Message;
}

/// <summary>A worker failed for a reason of its own (it did not start, broke the protocol or vanished before a batch started).</summary>
internal sealed class NodeWorkerException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when no task of the batch had started, so the batch may run on another worker.</summary>
    public bool BeforeStart { get; init; }
}
