namespace JobRuntime.GrainInterfaces;

/// <summary>The jobs of one owner (key: the owner's user name).</summary>
[Alias("JobRuntime.IJobDirectoryGrain")]
public interface IJobDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The owner's jobs, newest first.</summary>
    [Alias("List")]
    Task<JobInfo[]> List();

    /// <summary>Deletes every job of the owner; returns how many.</summary>
    [Alias("DeleteAll")]
    Task<int> DeleteAll();
}
