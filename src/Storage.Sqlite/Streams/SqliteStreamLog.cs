using System.Globalization;
using JobRuntime.Sqlite.Engine;
using Orleans.Runtime;

namespace JobRuntime.Sqlite.Streams;

/// <summary>What the pulling agents ask of the whole log: how far it goes, and which streams have new events.</summary>
internal sealed class SqliteStreamLog(SqliteDatabase database)
{
    /// <summary>The highest seq in the log (0 when empty).</summary>
    public Task<long> ReadMaxSequenceAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            session => Convert.ToInt64(session.Command(Sql.StreamEventReadMaxSeq).ExecuteScalar(), CultureInfo.InvariantCulture),
            cancellationToken);

    /// <summary>The last seq appended before <paramref name="cutoff"/> (0 when none).</summary>
    public Task<long> ReadLastSequenceBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            session => Convert.ToInt64(
                session.Command(Sql.StreamEventReadLastBefore).Bind("@cutoff", cutoff.ToUnixTimeMilliseconds()).ExecuteScalar(),
                CultureInfo.InvariantCulture),
            cancellationToken);

    /// <summary>The clock that stamped the events' append times.</summary>
    public TimeProvider TimeProvider => database.TimeProvider;

    /// <summary>The provider's streams with events in (<paramref name="after"/>, <paramref name="upTo"/>], each with its first such seq.</summary>
    public Task<IReadOnlyList<StreamStart>> ReadNewStreamsAsync(string provider, long after, long upTo, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StreamStart>>(
            session =>
            {
                using var reader = session.Command(Sql.StreamEventReadNewStreams)
                    .Bind("@provider", provider)
                    .Bind("@after", after)
                    .Bind("@upto", upTo)
                    .ExecuteReader();
                var starts = new List<StreamStart>();
                while (reader.Read())
                {
                    var ns = reader.GetString(0);
                    // The store writes a missing namespace as ""; StreamId compares the bytes of
                    // namespace and key, so a null namespace gives the same stream.
                    var stream = StreamId.Create(ns.Length == 0 ? null : ns, reader.GetString(1));
                    starts.Add(new StreamStart(stream, reader.GetInt64(2)));
                }
                return starts;
            },
            cancellationToken);
}

/// <summary>A stream with new events and the seq of the first of them.</summary>
internal readonly record struct StreamStart(StreamId Stream, long FirstSequence);
