using JobRuntime.GrainInterfaces;
using Orleans;

namespace JobRuntime.Client.Jobs;

/// <summary>
/// Jobs through a cluster client, after CrowdProcess: create a job from a program, run tasks
/// through it and read results as they are computed.
/// <code>
/// var jobs = new JobClient(client);
/// var job = await jobs.CreateJobAsync("function Run(d) { return d * 2; }");
/// await foreach (var result in job.RunAsync(Enumerable.Range(0, 10))) Console.WriteLine(result);
/// </code>
/// </summary>
public sealed class JobClient
{
    private readonly IClusterClient _client;

    /// <summary>A job client acting for <paramref name="owner"/> (jobs are listed and deleted per owner).</summary>
    public JobClient(IClusterClient client, string owner = "local")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        _client = client;
        Owner = owner;
    }

    /// <summary>The user the client acts for.</summary>
    public string Owner { get; }

    /// <summary>Creates a job. JavaScript programs define <c>function Run(d)</c>; .NET programs name a handler registered in the silo.</summary>
    /// <exception cref="InvalidJobException">The program does not compile (with line and column), or the kind is unavailable.</exception>
    public async Task<Job> CreateJobAsync(string program, JobOptions? options = null, ProgramKind kind = ProgramKind.JavaScript)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        var id = Guid.NewGuid().ToString();
        await _client.GetGrain<IJobGrain>(id).Create(new JobSpec(program, kind, Owner, options ?? new JobOptions()));
        return new Job(_client, id);
    }

    /// <summary>Re-opens a job by id (nothing is checked until it is used).</summary>
    public Job OpenJob(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new Job(_client, id);
    }

    /// <summary>The owner's jobs, newest first.</summary>
    public Task<JobInfo[]> ListJobsAsync() => _client.GetGrain<IJobDirectoryGrain>(Owner).List();

    /// <summary>Deletes all the owner's jobs; returns how many.</summary>
    public Task<int> DeleteAllJobsAsync() => _client.GetGrain<IJobDirectoryGrain>(Owner).DeleteAll();
}
