using System.Text.Json;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace JobRuntime.GrainInterfaces.Streams;

/// <summary>
/// Consecutive events of one stream on their way to a subscriber, each with its seq as its token
/// and its payload, JSON written with <see cref="JsonSerializerOptions.Web"/>, read as the
/// subscriber's type. It lives with the grain contracts because every client that subscribes
/// must be able to deserialize it. The container's token is its LAST event's: Orleans records a container's
/// token as the subscriber's position, and a position must not cover events not yet delivered.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("JobRuntime.JsonStreamEventPage")]
public sealed class JsonStreamEventPage : IBatchContainer
{
    /// <summary>A page of events; <paramref name="token"/> is the last event's.</summary>
    public JsonStreamEventPage(StreamId streamId, EventSequenceTokenV2 token, long[] sequences, byte[][] payloads)
    {
        StreamId = streamId;
        Token = token;
        Sequences = sequences;
        Payloads = payloads;
    }

    /// <inheritdoc/>
    [Id(0)]
    public StreamId StreamId { get; }

    /// <summary>The last event's position.</summary>
    [Id(1)]
    public EventSequenceTokenV2 Token { get; }

    /// <summary>Each event's position (its seq in the log).</summary>
    [Id(2)]
    public long[] Sequences { get; }

    /// <summary>Each event as UTF-8 JSON.</summary>
    [Id(3)]
    public byte[][] Payloads { get; }

    /// <inheritdoc/>
    public StreamSequenceToken SequenceToken => Token;

    /// <summary>No events, standing for the position after <paramref name="sequence"/>.</summary>
    public static JsonStreamEventPage Empty(StreamId streamId, long sequence) =>
        new(streamId, new EventSequenceTokenV2(sequence), [], []);

    /// <inheritdoc/>
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        for (var i = 0; i < Payloads.Length; i++)
        {
            yield return Tuple.Create(
                JsonSerializer.Deserialize<T>(Payloads[i], JsonSerializerOptions.Web)!,
                (StreamSequenceToken)new EventSequenceTokenV2(Sequences[i]));
        }
    }

    /// <inheritdoc/>
    public bool ImportRequestContext() => false;
}
