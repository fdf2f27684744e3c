namespace JobRuntime.PostgreSql.Tests;

/// <summary>Orleans' ADO.NET reminder table on our schema: rows, ETags and ring ranges.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class ReminderTableTests(PostgresSilo silo)
{
    private IReminderTable Table => silo.Get<IReminderTable>();

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 30, 4, 0, 0, DateTimeKind.Utc),
        Period = period ?? TimeSpan.FromMinutes(1),
    };

    private static GrainId NewGrain() => GrainId.Create("reminded", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_its_etag()
    {
        var grain = NewGrain();
        var etag = await Table.UpsertRow(Entry(grain, "r", TimeSpan.FromHours(30)));

        var read = await Table.ReadRow(grain, "r");

        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal(TimeSpan.FromHours(30), read.Period);
        Assert.Equal(new DateTime(2026, 11, 30, 4, 0, 0, DateTimeKind.Utc), read.StartAt.ToUniversalTime());
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task Upserting_again_changes_the_etag_and_the_old_one_cannot_delete()
    {
        var grain = NewGrain();
        var first = await Table.UpsertRow(Entry(grain, "r"));
        var second = await Table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(2)));

        var deletedWithOld = await Table.RemoveRow(grain, "r", first!);
        var deletedWithNew = await Table.RemoveRow(grain, "r", second!);

        Assert.NotEqual(first, second);
        Assert.False(deletedWithOld);
        Assert.True(deletedWithNew);
        Assert.Null(await Table.ReadRow(grain, "r"));
    }

    [Fact]
    public async Task A_grains_reminders_read_together_and_no_others()
    {
        var grain = NewGrain();
        await Table.UpsertRow(Entry(grain, "a"));
        await Table.UpsertRow(Entry(grain, "b"));
        await Table.UpsertRow(Entry(NewGrain(), "a"));

        var rows = await Table.ReadRows(grain);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order().ToArray());
    }

    [Theory]
    [InlineData(0x1000_0000u, 0x6000_0000u)] // within the lower half
    [InlineData(0x9000_0000u, 0xE000_0000u)] // within the upper half (negative as signed)
    [InlineData(0x6000_0000u, 0xA000_0000u)] // across the signed sign change
    [InlineData(0xE000_0000u, 0x2000_0000u)] // wrapping around zero
    [InlineData(0x4000_0000u, 0x4000_0000u)] // the whole ring
    public async Task A_ring_range_reads_exactly_the_reminders_whose_grain_hash_it_holds(uint begin, uint end)
    {
        var grains = Enumerable.Range(0, 64).Select(_ => NewGrain()).ToArray();
        foreach (var grain in grains)
        {
            await Table.UpsertRow(Entry(grain, "ring"));
        }

        var rows = await Table.ReadRows(begin, end);

        static bool InRange(uint hash, uint begin, uint end) =>
            begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
        var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
        var read = rows.Reminders.Where(r => r.ReminderName == "ring" && grains.Contains(r.GrainId)).Select(r => r.GrainId).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(g => g.ToString()), read.OrderBy(g => g.ToString()));
    }
}
