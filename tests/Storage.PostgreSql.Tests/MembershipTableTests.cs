using System.Net;

namespace JobRuntime.PostgreSql.Tests;

/// <summary>Orleans' ADO.NET membership table on our schema, as the running silo and a test use it.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class MembershipTableTests(PostgresSilo silo)
{
    private IMembershipTable Table => silo.Get<IMembershipTable>();

    private static MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining)
    {
        var now = DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, Random.Shared.Next(20_000, 60_000)), Random.Shared.Next(1, int.MaxValue)),
            SiloName = "test-silo",
            HostName = "test-host",
            Status = status,
            ProxyPort = 30_001,
            StartTime = now,
            IAmAliveTime = now,
        };
    }

    [Fact]
    public async Task The_running_silo_is_an_active_row_with_its_gateway()
    {
        var local = silo.Get<ILocalSiloDetails>();

        var all = await Table.ReadAllAsync();

        var row = Assert.Single(all.Members, m => m.Item1.SiloAddress.Equals(local.SiloAddress)).Item1;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(local.GatewayAddress?.Endpoint.Port ?? 0, row.ProxyPort);
    }

    [Fact]
    public async Task A_row_inserted_with_the_current_version_reads_back_and_moves_the_version()
    {
        var before = await Table.ReadAllAsync();
        var entry = NewEntry();

        var inserted = await Table.InsertRowAsync(entry, before.Version.Next());
        var row = await Table.ReadRowAsync(entry.SiloAddress);

        Assert.True(inserted);
        var (read, _) = Assert.Single(row.Members);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.True(row.Version.Version > before.Version.Version);
    }

    [Fact]
    public async Task An_insert_with_a_stale_version_is_refused_and_adds_no_row()
    {
        var stale = (await Table.ReadAllAsync()).Version;
        await Table.InsertRowAsync(NewEntry(), stale.Next());
        var entry = NewEntry();

        var inserted = await Table.InsertRowAsync(entry, stale.Next());

        Assert.False(inserted);
        Assert.Empty((await Table.ReadRowAsync(entry.SiloAddress)).Members);
    }

    [Fact]
    public async Task Inserting_the_same_silo_twice_is_refused_and_leaves_the_version()
    {
        var entry = NewEntry();
        await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next());
        var version = (await Table.ReadAllAsync()).Version;

        var again = await Table.InsertRowAsync(entry, version.Next());

        Assert.False(again);
        Assert.Equal(version.Version, (await Table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task An_update_with_the_current_version_changes_status_and_suspicions()
    {
        var entry = NewEntry();
        await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next());
        var (read, etag) = Assert.Single((await Table.ReadRowAsync(entry.SiloAddress)).Members);
        read.Status = SiloStatus.Dead;
        read.AddOrUpdateSuspector(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11_111), 1), DateTime.UtcNow, 10);

        var updated = await Table.UpdateRowAsync(read, etag, (await Table.ReadAllAsync()).Version.Next());
        var (after, _) = Assert.Single((await Table.ReadRowAsync(entry.SiloAddress)).Members);

        Assert.True(updated);
        Assert.Equal(SiloStatus.Dead, after.Status);
        Assert.Single(after.SuspectTimes!);
    }

    [Fact]
    public async Task An_update_with_a_stale_version_is_refused()
    {
        var entry = NewEntry();
        var stale = (await Table.ReadAllAsync()).Version;
        await Table.InsertRowAsync(entry, stale.Next());
        var (read, etag) = Assert.Single((await Table.ReadRowAsync(entry.SiloAddress)).Members);
        read.Status = SiloStatus.Dead;

        var updated = await Table.UpdateRowAsync(read, etag, stale.Next());

        Assert.False(updated);
        Assert.Equal(SiloStatus.Joining, Assert.Single((await Table.ReadRowAsync(entry.SiloAddress)).Members).Item1.Status);
    }

    [Fact]
    public async Task I_am_alive_moves_only_the_alive_time()
    {
        var entry = NewEntry();
        await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next());
        var later = entry.IAmAliveTime.AddMinutes(3);
        entry.IAmAliveTime = later;

        await Table.UpdateIAmAliveAsync(entry);
        var (read, _) = Assert.Single((await Table.ReadRowAsync(entry.SiloAddress)).Members);

        Assert.Equal(later, read.IAmAliveTime.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(SiloStatus.Joining, read.Status);
    }

    [Fact]
    public async Task Cleaning_up_defunct_silos_removes_old_inactive_rows_and_keeps_active_ones()
    {
        var old = NewEntry(SiloStatus.Dead);
        old.IAmAliveTime = DateTime.UtcNow.AddDays(-3);
        await Table.InsertRowAsync(old, (await Table.ReadAllAsync()).Version.Next());

        await Table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-1));

        Assert.Empty((await Table.ReadRowAsync(old.SiloAddress)).Members);
        var local = silo.Get<ILocalSiloDetails>();
        Assert.Contains((await Table.ReadAllAsync()).Members, m => m.Item1.SiloAddress.Equals(local.SiloAddress));
    }
}
