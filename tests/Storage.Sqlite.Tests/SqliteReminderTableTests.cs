using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ReminderEntry Entry(GrainId grain, string name, DateTime? startAt = null, TimeSpan? period = null) =>
        new() { GrainId = grain, ReminderName = name, StartAt = startAt ?? T0, Period = period ?? TimeSpan.FromMinutes(1) };

    private static (GrainId Grain, string Name, DateTime StartAt, TimeSpan Period, string? ETag) Fields(ReminderEntry e) =>
        (e.GrainId, e.ReminderName, e.StartAt, e.Period, e.ETag);

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_the_etag_the_upsert_returned()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);

        var etag = await table.UpsertRow(Entry(Grain("a"), "tick", T0.AddTicks(1), TimeSpan.FromSeconds(30)));

        var read = await table.ReadRow(Grain("a"), "tick");
        Assert.NotNull(read);
        Assert.Equal((Grain("a"), "tick", T0.AddTicks(1), TimeSpan.FromSeconds(30), etag), Fields(read));
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
    }

    [Fact]
    public async Task Reading_a_missing_reminder_gives_null()
    {
        await using var db = Open(_folder.File("reminders.db"));

        Assert.Null(await new SqliteReminderTable(db).ReadRow(Grain("a"), "tick"));
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var first = await table.UpsertRow(Entry(Grain("a"), "tick"));

        var second = await table.UpsertRow(Entry(Grain("a"), "tick", T0.AddDays(1), TimeSpan.FromMinutes(5)));

        Assert.NotEqual(first, second);
        var read = Assert.Single((await table.ReadRows(Grain("a"))).Reminders);
        Assert.Equal((Grain("a"), "tick", T0.AddDays(1), TimeSpan.FromMinutes(5), second), Fields(read));
    }

    [Fact]
    public async Task Reminders_survive_reopening_the_file()
    {
        var path = _folder.File("reminders.db");
        string? etag;
        await using (var db = Open(path))
        {
            etag = await new SqliteReminderTable(db).UpsertRow(Entry(Grain("a"), "tick"));
        }

        await using var reopened = Open(path);
        var read = await new SqliteReminderTable(reopened).ReadRow(Grain("a"), "tick");

        Assert.Equal(etag, read?.ETag);
    }

    [Fact]
    public async Task Reading_by_grain_returns_only_that_grains_reminders()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        await table.UpsertRow(Entry(Grain("a"), "tick"));
        await table.UpsertRow(Entry(Grain("a"), "tock"));
        await table.UpsertRow(Entry(Grain("b"), "tick"));

        var rows = await table.ReadRows(Grain("a"));

        Assert.Equal(["tick", "tock"], rows.Reminders.Select(r => r.ReminderName));
        Assert.All(rows.Reminders, r => Assert.Equal(Grain("a"), r.GrainId));
    }

    [Fact]
    public async Task Reading_a_hash_range_returns_the_grains_above_begin_up_to_and_including_end()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var grains = await UpsertGrainsAsync(table, 20);
        var begin = grains[4].Hash;
        var end = grains[12].Hash;

        var rows = await table.ReadRows(begin, end);

        Assert.Equal(Keys(grains[5..13]), Keys(rows));
    }

    [Fact]
    public async Task Reading_a_hash_range_that_wraps_around_returns_the_grains_above_begin_and_up_to_end()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var grains = await UpsertGrainsAsync(table, 20);
        var begin = grains[15].Hash;
        var end = grains[3].Hash;

        var rows = await table.ReadRows(begin, end);

        Assert.Equal(Keys([.. grains[16..], .. grains[..4]]), Keys(rows));
    }

    [Fact]
    public async Task Reading_a_hash_range_whose_begin_equals_its_end_returns_the_whole_ring()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var grains = await UpsertGrainsAsync(table, 20);

        var rows = await table.ReadRows(grains[7].Hash, grains[7].Hash);

        Assert.Equal(Keys(grains), Keys(rows));
    }

    [Fact]
    public async Task Reading_the_range_from_zero_to_the_top_of_the_ring_includes_the_highest_hash()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var grains = await UpsertGrainsAsync(table, 20);

        var rows = await table.ReadRows(0, uint.MaxValue);

        Assert.Equal(Keys(grains), Keys(rows));
    }

    [Fact]
    public async Task Removing_with_the_current_etag_deletes_the_reminder()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var etag = await table.UpsertRow(Entry(Grain("a"), "tick"));

        Assert.True(await table.RemoveRow(Grain("a"), "tick", etag!));

        Assert.Null(await table.ReadRow(Grain("a"), "tick"));
        Assert.False(await table.RemoveRow(Grain("a"), "tick", etag!));
    }

    [Fact]
    public async Task Removing_with_a_stale_etag_keeps_the_reminder()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var stale = await table.UpsertRow(Entry(Grain("a"), "tick"));
        var current = await table.UpsertRow(Entry(Grain("a"), "tick", period: TimeSpan.FromMinutes(2)));

        Assert.False(await table.RemoveRow(Grain("a"), "tick", stale!));
        Assert.False(await table.RemoveRow(Grain("a"), "tick", "not-an-etag"));

        Assert.Equal(current, (await table.ReadRow(Grain("a"), "tick"))?.ETag);
    }

    [Fact]
    public async Task A_reminder_removed_and_added_again_never_gets_an_old_etag()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var old = await table.UpsertRow(Entry(Grain("a"), "tick"));
        await table.RemoveRow(Grain("a"), "tick", old!);

        var renewed = await table.UpsertRow(Entry(Grain("a"), "tick"));

        Assert.NotEqual(old, renewed);
        Assert.False(await table.RemoveRow(Grain("a"), "tick", old!));
    }

    [Fact]
    public async Task Clearing_the_table_removes_every_reminder()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        await UpsertGrainsAsync(table, 5);

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Starting_the_table_opens_and_migrates_the_file()
    {
        var path = _folder.File("reminders.db");
        await using var db = Open(path);

        await new SqliteReminderTable(db).StartAsync();

        Assert.True(File.Exists(path));
    }

    /// <summary>Upserts a reminder for each of <paramref name="count"/> grains; returns them sorted by hash.</summary>
    private static async Task<(GrainId Grain, uint Hash)[]> UpsertGrainsAsync(SqliteReminderTable table, int count)
    {
        var grains = Enumerable.Range(0, count)
            .Select(i => Grain($"g{i}"))
            .Select(g => (Grain: g, Hash: g.GetUniformHashCode()))
            .OrderBy(g => g.Hash)
            .ToArray();
        Assert.Equal(count, grains.Select(g => g.Hash).Distinct().Count());
        foreach (var (grain, _) in grains)
        {
            await table.UpsertRow(Entry(grain, "tick"));
        }
        return grains;
    }

    private static string[] Keys(IEnumerable<(GrainId Grain, uint Hash)> grains) =>
        grains.Select(g => g.Grain.ToString()).Order(StringComparer.Ordinal).ToArray();

    private static string[] Keys(ReminderTableData rows) =>
        rows.Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal).ToArray();
}
