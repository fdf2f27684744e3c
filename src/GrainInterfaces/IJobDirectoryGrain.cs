namespace JobRuntime.GrainInterfaces;

/// <summary>The jobs of one owner (key: the owner's user name).</summary>
public interface IJobDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The owner's jobs, newest first.</summary>
    Task<JobInfo[]> List();

    /// <summary>Deletes every job of the owner; returns how many.</summary>
    Task<int> DeleteAll();
}
