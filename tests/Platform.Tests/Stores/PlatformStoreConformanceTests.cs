using JobRuntime.Storage.Platform;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>
/// The rules every engine's platform stores keep, run against each engine (the embedded SQLite
/// file, PostgreSQL and Azure Tables) on a fresh database per class; each test uses projects of its own.
/// </summary>
public abstract partial class PlatformStoreConformanceTests : IAsyncLifetime
{
    private PlatformStores _stores = null!;

    protected IPlatformProjectStore Projects => _stores.Projects;

    protected IPlatformJobStore Jobs => _stores.Jobs;

    protected IPlatformDataStore Data => _stores.Data;

    protected IPlatformCollectionStore Collections => _stores.Collections;

    protected IPlatformFrontierStore Frontiers => _stores.Frontiers;

    protected abstract Task<PlatformStores> CreateAsync();

    public async Task InitializeAsync() => _stores = await CreateAsync();

    public virtual async Task DisposeAsync() => await _stores.Engine.DisposeAsync();

    private static PlatformJobRecord NewJob(long project, int spider, string state = PlatformJobState.Pending, long ts = 1000,
        string? unique = null, string? run = null, byte[]? token = null) =>
        new(new PlatformJobKey(project, spider, 0), state, 2, 1, ts, unique, run, token, "{\"state\":\"" + state + "\"}");

    [Fact]
    public async Task Job_numbers_grow_per_spider_and_a_job_reads_back_as_written()
    {
        var first = await Jobs.JobInsertAsync(NewJob(101, 1));
        var second = await Jobs.JobInsertAsync(NewJob(101, 1));
        var other = await Jobs.JobInsertAsync(NewJob(101, 2));
        Assert.Equal([1, 2, 1], new[] { first.Key.Job, second.Key.Job, other.Key.Job });
        var read = await Jobs.JobGetAsync(second.Key);
        Assert.Equal(second with { TokenHash = null }, read! with { TokenHash = null });
        Assert.Null(await Jobs.JobGetAsync(new PlatformJobKey(101, 1, 99)));
    }

    [Fact]
    public async Task Jobs_list_newest_change_first_filtered_by_state_spider_and_time()
    {
        var a = await Jobs.JobInsertAsync(NewJob(102, 1, ts: 10));
        var b = await Jobs.JobInsertAsync(NewJob(102, 2, ts: 20));
        await Jobs.JobUpdateAsync(a with { State = PlatformJobState.Finished, Timestamp = 30, Metadata = "{\"x\":1}" });
        var all = await Jobs.JobListAsync(new PlatformJobListParams(102, null, []));
        Assert.Equal([a.Key, b.Key], all.Select(j => j.Key));
        Assert.Equal("{\"x\":1}", all[0].Metadata);
        Assert.Equal([b.Key], (await Jobs.JobListAsync(new PlatformJobListParams(102, null, [PlatformJobState.Pending]))).Select(j => j.Key));
        Assert.Equal([b.Key], (await Jobs.JobListAsync(new PlatformJobListParams(102, 2, []))).Select(j => j.Key));
        Assert.Equal([b.Key], (await Jobs.JobListAsync(new PlatformJobListParams(102, null, [], StartTs: 15, EndTs: 25))).Select(j => j.Key));
    }

    [Fact]
    public async Task An_active_job_is_found_by_unique_or_run_key_and_any_job_by_its_token_hash()
    {
        byte[] token = [1, 2, 3, 4];
        var job = await Jobs.JobInsertAsync(NewJob(103, 1, unique: "u1", run: "r1", token: token));
        Assert.Equal(job.Key, await Jobs.JobFindActiveAsync(103, "u1", null));
        Assert.Equal(job.Key, await Jobs.JobFindActiveAsync(103, null, "r1"));
        Assert.Equal(job.Key, await Jobs.JobFindByTokenAsync(token));
        await Jobs.JobUpdateAsync(job with { State = PlatformJobState.Finished });
        Assert.Null(await Jobs.JobFindActiveAsync(103, "u1", "r1"));
        Assert.Null(await Jobs.JobFindByTokenAsync([9, 9]));
    }

    [Fact]
    public async Task A_resent_batch_replaces_itself_and_the_count_is_the_next_index()
    {
        var job = new PlatformJobKey(104, 1, 1);
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Items, 0, 5, PlatformRecordBatch.From(["{\"i\":0}", "{\"i\":1}"])));
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Items, 1, 6, PlatformRecordBatch.From(["{\"i\":\"one\"}", "{\"i\":2}"])));
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Logs, 0, 6, PlatformRecordBatch.From(["{\"message\":\"m\"}"])));
        var items = await Data.DataReadAsync(new PlatformDataReadParams(104, 1, 1, PlatformDataKind.Items, null, null, null, -1));
        Assert.Equal(["{\"i\":0}", "{\"i\":\"one\"}", "{\"i\":2}"], items.Select(r => r.Data));
        Assert.Equal([5L, 6L, 6L], items.Select(r => r.Timestamp));
        Assert.Equal(3, await Data.DataCountAsync(job, PlatformDataKind.Items));
        Assert.Equal(0, await Data.DataCountAsync(job, PlatformDataKind.Requests));
    }

    [Fact]
    public async Task Data_reads_start_at_a_position_across_jobs_and_stop_at_the_limit()
    {
        foreach (var j in new[] { 1, 2 })
        {
            await Data.DataWriteAsync(new PlatformDataWriteParams(new PlatformJobKey(105, 1, j), PlatformDataKind.Items, 0, 10 * j, PlatformRecordBatch.From(["{}", "{}", "{}"])));
        }
        var page = await Data.DataReadAsync(new PlatformDataReadParams(105, null, null, PlatformDataKind.Items, new PlatformDataRecordPosition(1, 1, 2), null, null, 2));
        Assert.Equal([(1, 2L), (2, 0L)], page.Select(r => (r.Job.Job, r.Index)));
        var recent = await Data.DataReadAsync(new PlatformDataReadParams(105, 1, null, PlatformDataKind.Items, null, 15, null, -1));
        Assert.Equal(3, recent.Count);
        await Jobs.JobPurgeAsync(new PlatformJobKey(105, 1, 1));
        Assert.Equal(0, await Data.DataCountAsync(new PlatformJobKey(105, 1, 1), PlatformDataKind.Items));
    }
}
