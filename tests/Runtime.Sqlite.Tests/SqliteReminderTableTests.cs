using JobRuntime.Timers;
using static JobRuntime.Sqlite.Tests.Fixtures;

namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Upserted_reminders_survive_reopening_the_file()
    {
        var path = _folder.File("reminders.db");
        var tick = new ReminderEntry(Grain("a"), "tick", T0.AddTicks(1), TimeSpan.FromMinutes(1));
        var tock = new ReminderEntry(Grain("b"), "tock", T0, TimeSpan.FromHours(1));
        await using (var db = Open(path))
        {
            var table = new SqliteReminderTable(db);
            await table.UpsertAsync(tick);
            await table.UpsertAsync(tock);
        }

        await using var reopened = Open(path);
        var all = await new SqliteReminderTable(reopened).ReadAllAsync();

        Assert.Equal([tick, tock], all);
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        await table.UpsertAsync(new ReminderEntry(Grain("a"), "tick", T0, TimeSpan.FromMinutes(1)));

        var replacement = new ReminderEntry(Grain("a"), "tick", T0.AddDays(1), TimeSpan.FromMinutes(5));
        await table.UpsertAsync(replacement);

        Assert.Equal([replacement], await table.ReadAllAsync());
    }

    [Fact]
    public async Task Reading_by_grain_returns_only_that_grains_reminders()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var mine = new ReminderEntry(Grain("a"), "tick", T0, TimeSpan.FromMinutes(1));
        await table.UpsertAsync(mine);
        await table.UpsertAsync(new ReminderEntry(Grain("b"), "tick", T0, TimeSpan.FromMinutes(1)));

        Assert.Equal([mine], await table.ReadAsync(Grain("a")));
    }

    [Fact]
    public async Task A_reminder_stored_with_an_offset_reads_back_as_the_same_instant()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        var entry = new ReminderEntry(Grain("a"), "tick", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.FromHours(2)), TimeSpan.FromSeconds(30));

        await table.UpsertAsync(entry);

        var read = Assert.Single(await table.ReadAsync(Grain("a")));
        Assert.Equal(entry.StartAt, read.StartAt);
    }

    [Fact]
    public async Task Removing_a_reminder_reports_whether_it_existed()
    {
        await using var db = Open(_folder.File("reminders.db"));
        var table = new SqliteReminderTable(db);
        await table.UpsertAsync(new ReminderEntry(Grain("a"), "tick", T0, TimeSpan.FromMinutes(1)));

        Assert.True(await table.RemoveAsync(Grain("a"), "tick"));
        Assert.False(await table.RemoveAsync(Grain("a"), "tick"));
        Assert.Empty(await table.ReadAllAsync());
    }
}
