using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces;
using JobRuntime.Grains.Execution;

namespace JobRuntime.Grains.Jobs;

/// <summary>One recorded outcome as a chunk's outcome pages keep it: the result's JSON or the error's JSON, and the task's console output.</summary>
internal readonly record struct StoredOutcome(long Index, bool Failed, string Text, string[] Log);

/// <summary>
/// A step's outcomes, packed for its outcome pages (<c>out.{step}.{page}</c>); an outcome larger
/// than a page spans several.
/// </summary>
internal static class ChunkOutcomes
{
    private const byte Version = 1;

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    public static StoredOutcome From(TaskOutcome outcome) => outcome.Error is { } error
        ? new StoredOutcome(outcome.Index, true, JsonSerializer.Serialize(error, JsonSerializerOptions.Web), outcome.Log)
        : new StoredOutcome(outcome.Index, false, (outcome.Result is { ValueKind: not JsonValueKind.Undefined } value ? value : Null).GetRawText(), outcome.Log);

    public static byte[] Encode(IReadOnlyList<StoredOutcome> outcomes)
    {
        using var buffer = new MemoryStream(outcomes.Sum(o => o.Text.Length) + outcomes.Count * 8 + 8);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(outcomes.Count);
            foreach (var outcome in outcomes)
            {
                writer.Write7BitEncodedInt64(outcome.Index);
                writer.Write(outcome.Failed);
                writer.Write(outcome.Text);
                writer.Write7BitEncodedInt(outcome.Log.Length);
                foreach (var line in outcome.Log)
                {
                    writer.Write(line);
                }
            }
        }
        return buffer.ToArray();
    }

    public static List<StoredOutcome> Decode(byte[] data)
    {
        using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"A step's outcomes are stored in layout {version}; this build reads layout {Version}.");
        }
        var outcomes = new List<StoredOutcome>(reader.Read7BitEncodedInt());
        for (var i = outcomes.Capacity; i > 0; i--)
        {
            var index = reader.Read7BitEncodedInt64();
            var failed = reader.ReadBoolean();
            var text = reader.ReadString();
            var log = new string[reader.Read7BitEncodedInt()];
            for (var k = 0; k < log.Length; k++)
            {
                log[k] = reader.ReadString();
            }
            outcomes.Add(new StoredOutcome(index, failed, text, log));
        }
        return outcomes;
    }

    public static TaskResult Result(StoredOutcome outcome) => new(outcome.Index, Parse(outcome.Text));

    public static TaskFailure Failure(StoredOutcome outcome) => new(outcome.Index, Error(outcome));

    public static TaskError Error(StoredOutcome outcome) => JsonSerializer.Deserialize<TaskError>(outcome.Text, JsonSerializerOptions.Web)!;

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The bytes an outcome counts against the job's quota.</summary>
    public static long Bytes(StoredOutcome outcome) => Encoding.UTF8.GetByteCount(outcome.Text) + outcome.Log.Sum(l => (long)Encoding.UTF8.GetByteCount(l));
}
