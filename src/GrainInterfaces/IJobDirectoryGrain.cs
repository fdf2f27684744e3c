namespace JobRuntime.GrainInterfaces;

/// <summary>The jobs of one owner (key: the owner's user name).</summary>
[Alias("JobRuntime.IJobDirectoryGrain")]
public interface IJobDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The owner's jobs, newest first.</summary>
    [Alias("List")]
    Task<JobInfo[]> List();

    /// <summary>Adds a job the owner created (the job grain calls this; idempotent).</summary>
    [Alias("Add")]
    Task Add(string jobId);

    /// <summary>Removes a deleted job (the job grain calls this; idempotent).</summary>
    [Alias("Remove")]
    Task Remove(string jobId);

    /// <summary>Deletes every job of the owner; returns how many.</summary>
    [Alias("DeleteAll")]
    Task<int> DeleteAll();
}
