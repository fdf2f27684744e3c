using JobRuntime.Streams;
using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteStreamSubscriptionTests : IDisposable
{
    private const string Provider = "durable";
    private static readonly StreamId Results = StreamId.Create("results", "job-1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static StreamSubscriptionRecord Subscription(StreamId stream, string subscriber, long cursor = 0, bool isImplicit = false) =>
        new(Provider, stream, Guid.NewGuid(), Grain(subscriber), cursor, isImplicit);

    [Fact]
    public async Task Upserted_subscriptions_read_back_by_stream_by_subscriber_and_all()
    {
        await using var db = Open(_folder.File("streams.db"));
        IStreamSubscriptionStore store = new SqliteStreamStore(db);
        var a = Subscription(Results, "a", cursor: 3);
        var b = Subscription(StreamId.Create("errors", "job-1"), "a", isImplicit: true);
        var c = Subscription(Results, "c");
        foreach (var record in new[] { a, b, c })
        {
            await store.UpsertAsync(record);
        }

        Assert.Equal(new[] { a, c }.OrderBy(r => r.HandleId), await store.ReadAsync(Provider, Results));
        Assert.Equal(new[] { a, b }.OrderBy(r => r.Stream.Namespace), await store.ReadBySubscriberAsync(Provider, Grain("a")));
        Assert.Equal(3, (await store.ReadAllAsync(Provider)).Count);
        Assert.Empty(await store.ReadAllAsync("other-provider"));
    }

    [Fact]
    public async Task Cursors_only_move_forward()
    {
        await using var db = Open(_folder.File("streams.db"));
        IStreamSubscriptionStore store = new SqliteStreamStore(db);
        var record = Subscription(Results, "a", cursor: 5);
        await store.UpsertAsync(record);

        await store.UpdateCursorAsync(Provider, record.HandleId, 10);
        await store.UpdateCursorAsync(Provider, record.HandleId, 7);

        Assert.Equal(10, Assert.Single(await store.ReadAsync(Provider, Results)).Cursor);
    }

    [Fact]
    public async Task Upserting_a_subscription_again_replaces_it()
    {
        await using var db = Open(_folder.File("streams.db"));
        IStreamSubscriptionStore store = new SqliteStreamStore(db);
        var record = Subscription(Results, "a", cursor: 5);
        await store.UpsertAsync(record);

        var replaced = record with { Subscriber = Grain("b"), Cursor = 1 };
        await store.UpsertAsync(replaced);

        Assert.Equal([replaced], await store.ReadAllAsync(Provider));
    }

    [Fact]
    public async Task Removing_a_subscription_reports_whether_it_existed()
    {
        await using var db = Open(_folder.File("streams.db"));
        IStreamSubscriptionStore store = new SqliteStreamStore(db);
        var record = Subscription(Results, "a");
        await store.UpsertAsync(record);

        Assert.True(await store.RemoveAsync(Provider, record.HandleId));
        Assert.False(await store.RemoveAsync(Provider, record.HandleId));
        Assert.Empty(await store.ReadAsync(Provider, Results));
    }
}
