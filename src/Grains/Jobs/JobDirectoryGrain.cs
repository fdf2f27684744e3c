using JobRuntime.GrainInterfaces;
using Orleans.Concurrency;

namespace JobRuntime.Grains.Jobs;

/// <summary>The ids of one owner's jobs (key: the owner), in the order they were created.</summary>
[Reentrant] // deleting all calls each job, which calls back to be removed
internal sealed class JobDirectoryGrain([PersistentState("jobs")] IPersistentState<List<string>> state) : Grain, IJobDirectoryGrain
{
    private readonly SemaphoreSlim _write = new(1, 1);

    public Task Add(string jobId) => ChangeAsync(ids => !ids.Contains(jobId) && Append(ids, jobId));

    public Task Remove(string jobId) => ChangeAsync(ids => ids.Remove(jobId));

    private static bool Append(List<string> ids, string id)
    {
        ids.Add(id);
        return true;
    }

    private async Task ChangeAsync(Func<List<string>, bool> change)
    {
        await _write.WaitAsync();
        try
        {
            if (change(state.State))
            {
                await state.WriteStateAsync();
            }
        }
        finally
        {
            _write.Release();
        }
    }

    public async Task<JobInfo[]> List()
    {
        var infos = await Task.WhenAll(state.State.Select(async id =>
        {
            try
            {
                return await GrainFactory.GetGrain<IJobGrain>(id).GetInfo();
            }
            catch (JobNotFoundException)
            {
                return null; // deleted while listing
            }
        }));
        return [.. infos.OfType<JobInfo>().Reverse()];
    }

    public async Task<int> DeleteAll()
    {
        var deleted = 0;
        foreach (var id in state.State.ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IJobGrain>(id).Delete();
                deleted++;
            }
            catch (JobNotFoundException)
            {
                await Remove(id);
            }
        }
        return deleted;
    }
}
