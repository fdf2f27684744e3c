using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteStreamStoreTests(ITestOutputHelper output) : IDisposable
{
    private const string Provider = "durable";
    private static readonly StreamId Results = StreamId.Create("results", "job-1");
    private static readonly StreamId Errors = StreamId.Create("errors", "job-1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Appends_return_increasing_sequence_numbers()
    {
        await using var db = Open(_folder.File("streams.db"));
        var store = new SqliteStreamStore(db);

        var first = await store.AppendAsync(Provider, Results, [Bytes("a"), Bytes("b"), Bytes("c")]);
        await store.AppendAsync(Provider, Errors, [Bytes("x")]);
        var second = await store.AppendAsync(Provider, Results, [Bytes("d")]);

        var all = first.Concat(second).ToList();
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Order(), all);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(second[0], await store.GetLastSequenceAsync(Provider, Results));
    }

    [Fact]
    public async Task Reading_after_a_sequence_returns_exactly_the_later_events_in_order()
    {
        await using var db = Open(_folder.File("streams.db"));
        var store = new SqliteStreamStore(db);
        var sequences = await store.AppendAsync(Provider, Results, [Bytes("a"), Bytes("b"), Bytes("c"), Bytes("d")]);
        await store.AppendAsync(Provider, Errors, [Bytes("other stream")]);

        var events = await store.ReadAsync(Provider, Results, afterSequence: sequences[1], maxCount: 100);

        Assert.Equal(sequences.Skip(2), events.Select(e => e.Sequence));
        Assert.Equal(["c", "d"], events.Select(e => Encoding.UTF8.GetString(e.Payload)));
    }

    [Fact]
    public async Task Reading_returns_at_most_max_count_events()
    {
        await using var db = Open(_folder.File("streams.db"));
        var store = new SqliteStreamStore(db);
        var sequences = await store.AppendAsync(Provider, Results, [Bytes("a"), Bytes("b"), Bytes("c")]);

        var events = await store.ReadAsync(Provider, Results, afterSequence: 0, maxCount: 2);

        Assert.Equal(sequences.Take(2), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_empty_payload_reads_back_empty()
    {
        await using var db = Open(_folder.File("streams.db"));
        var store = new SqliteStreamStore(db);
        await store.AppendAsync(Provider, Results, [[]]);

        var read = Assert.Single(await store.ReadAsync(Provider, Results, 0, 10));

        Assert.Empty(read.Payload);
    }

    [Fact]
    public async Task The_last_sequence_of_an_empty_stream_is_zero()
    {
        await using var db = Open(_folder.File("streams.db"));

        Assert.Equal(0, await new SqliteStreamStore(db).GetLastSequenceAsync(Provider, Results));
    }

    [Fact]
    public async Task Events_survive_reopening_the_file()
    {
        var path = _folder.File("streams.db");
        IReadOnlyList<long> sequences;
        await using (var db = Open(path))
        {
            sequences = await new SqliteStreamStore(db).AppendAsync(Provider, Results, [Bytes("a"), Bytes("b")]);
        }

        await using var reopened = Open(path);
        var events = await new SqliteStreamStore(reopened).ReadAsync(Provider, Results, 0, 10);

        Assert.Equal(sequences, events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Retention_deletes_events_appended_before_the_cutoff()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        await using var db = Open(_folder.File("streams.db"), time: clock);
        var store = new SqliteStreamStore(db);
        await store.AppendAsync(Provider, Results, [Bytes("old 1"), Bytes("old 2")]);
        await store.AppendAsync("other-provider", Results, [Bytes("kept: another provider")]);
        clock.Advance(TimeSpan.FromHours(2));
        var recent = await store.AppendAsync(Provider, Results, [Bytes("recent")]);

        var deleted = await store.DeleteOlderThanAsync(Provider, clock.GetUtcNow().AddHours(-1));

        Assert.Equal(2, deleted);
        var left = await store.ReadAsync(Provider, Results, 0, 10);
        Assert.Equal(recent, left.Select(e => e.Sequence));
        Assert.Equal(clock.GetUtcNow(), left[0].Appended);
        Assert.Single(await store.ReadAsync("other-provider", Results, 0, 10));
    }

    [Fact]
    public async Task Sequence_numbers_are_not_reused_after_retention_deleted_the_newest_events()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        await using var db = Open(_folder.File("streams.db"), time: clock);
        var store = new SqliteStreamStore(db);
        var before = await store.AppendAsync(Provider, Results, [Bytes("a")]);
        clock.Advance(TimeSpan.FromHours(1));
        await store.DeleteOlderThanAsync(Provider, clock.GetUtcNow());

        var after = await store.AppendAsync(Provider, Results, [Bytes("b")]);

        Assert.True(after[0] > before[0]);
    }

    [Fact]
    public async Task Concurrent_appenders_get_unique_sequence_numbers_increasing_within_each_stream()
    {
        await using var db = Open(_folder.File("streams.db"));
        var store = new SqliteStreamStore(db);
        const int Producers = 8, Batches = 100, BatchSize = 50;
        var payload = new byte[64];
        var clock = Stopwatch.StartNew();

        var perProducer = await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            var stream = StreamId.Create("load", p);
            var sequences = new List<long>();
            for (var b = 0; b < Batches; b++)
            {
                // An append may complete on this thread; yielding lets the producers interleave.
                await Task.Yield();
                sequences.AddRange(await store.AppendAsync(Provider, stream, Enumerable.Repeat(payload, BatchSize).ToArray()));
            }
            return sequences;
        })));
        clock.Stop();

        const int total = Producers * Batches * BatchSize;
        output.WriteLine($"{total} events from {Producers} concurrent producers in {clock.Elapsed.TotalMilliseconds:0} ms " +
            $"({total / clock.Elapsed.TotalSeconds:0} events/s, {db.Writer.TransactionsCommitted} transactions, {db.Writer.OperationsCommitted} ops).");
        Assert.Equal(total, perProducer.SelectMany(s => s).Distinct().Count());
        Assert.All(perProducer, sequences => Assert.Equal(sequences.Order(), sequences));
        Assert.All(Enumerable.Range(0, Producers), p =>
            Assert.Equal(perProducer[p][^1], store.GetLastSequenceAsync(Provider, StreamId.Create("load", p)).Result));
    }

    [Fact]
    public async Task A_sequential_appender_of_single_events_gets_consecutive_reads_back()
    {
        await using var db = Open(_folder.File("streams.db"));
        var store = new SqliteStreamStore(db);
        const int count = 5_000;
        var payload = new byte[64];
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
        {
            await store.AppendAsync(Provider, Results, [payload]);
        }
        clock.Stop();

        output.WriteLine($"{count} single-event appends in {clock.Elapsed.TotalMilliseconds:0} ms ({count / clock.Elapsed.TotalSeconds:0} events/s).");
        Assert.Equal(count, (await store.ReadAsync(Provider, Results, 0, count + 1)).Count);
    }
}
