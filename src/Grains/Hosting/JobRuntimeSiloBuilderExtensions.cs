using JobRuntime.GrainInterfaces;
using JobRuntime.Hosting;
using Orleans.Hosting;

namespace JobRuntime.Grains.Hosting;

/// <summary>The embedded default of a JobRuntime silo.</summary>
public static class JobRuntimeSiloBuilderExtensions
{
    /// <summary>
    /// Adds JobRuntime to an Orleans silo on its embedded engine: one SQLite file (section
    /// <c>JobRuntime:Sqlite</c>, default <c>jobruntime.db</c>) holds grain state (the default
    /// storage and <c>PubSubStore</c>), reminders, the jobs' tasks and the events of the rewindable
    /// <see cref="JobStreams.Provider"/> stream provider (section <c>JobRuntime:Streams:jobs</c>); then jobs
    /// (<see cref="JobsSiloBuilderExtensions.AddJobs"/>), work queues (<see cref="Queues.WorkQueuesHosting.AddWorkQueues"/>)
    /// and states (<see cref="StateSiloBuilderExtensions.AddState"/>).
    /// Clustering stays the host's choice (<c>UseLocalhostClustering</c> for one machine).
    /// </summary>
    public static ISiloBuilder AddJobRuntime(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.UseSqlite();
        silo.AddSqliteStreams(JobStreams.Provider);
        silo.AddJobs();
        Queues.WorkQueuesHosting.AddWorkQueues(silo);
        silo.AddState();
        return silo;
    }
}
