namespace JobRuntime.Storage;

/// <summary>
/// Durable task queues: the storage side of jobs. Tasks are leased in batches by workers; an
/// outcome is recorded only under the current lease and, in the same transaction, appended to a
/// durable stream, so every task ends exactly once and its outcome is published exactly once.
/// </summary>
public interface ITaskQueueStore
{
    /// <summary>Creates a queue.</summary>
    Task CreateQueueAsync(TaskQueueRecord queue, CancellationToken cancellationToken = default);

    /// <summary>An active queue, or null.</summary>
    Task<TaskQueueRecord?> GetQueueAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>An owner's active queues, newest first.</summary>
    Task<IReadOnlyList<TaskQueueRecord>> ListQueuesAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Deletes a queue and its tasks; false when there was no active queue.</summary>
    Task<bool> DeleteQueueAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Appends tasks, durable on return; returns the index of the first (indexes are consecutive).</summary>
    /// <exception cref="KeyNotFoundException">No active queue has that id.</exception>
    Task<long> AppendTasksAsync(string id, IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken = default);

    /// <summary>Active queues that have a task to lease, with their bids.</summary>
    Task<IReadOnlyList<(string Id, double Bid)>> ListRunnableAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Leases up to <paramref name="max"/> available tasks of a queue until <paramref name="until"/>.</summary>
    Task<IReadOnlyList<LeasedTask>> LeaseTasksAsync(string id, string worker, int max, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Extends every lease the worker holds on a queue (its heartbeat while a batch runs).</summary>
    Task ExtendLeasesAsync(string id, string worker, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives back leased tasks that did not run.</summary>
    Task ReleaseTasksAsync(string id, string worker, IReadOnlyList<LeasedTask> tasks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records outcomes held under the worker's lease and appends each recorded one to its stream
    /// (namespace <see cref="TaskOutcomeRecord.StreamNamespace"/>, key: the queue's id) of
    /// <paramref name="streamProvider"/>. Outcomes whose lease was lost are ignored. Returns the
    /// streams written to, with the last sequence number appended to each.
    /// </summary>
    Task<IReadOnlyList<(string StreamNamespace, long LastSequence)>> RecordOutcomesAsync(string id, string worker, string streamProvider, IReadOnlyList<TaskOutcomeRecord> outcomes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="max"/> events of the stream (<paramref name="streamNamespace"/>,
    /// <paramref name="id"/>) of <paramref name="streamProvider"/> after sequence number
    /// <paramref name="after"/>, in order: the log that outcomes were appended to.
    /// </summary>
    Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(string streamProvider, string streamNamespace, string id, long after, int max, CancellationToken cancellationToken = default);

    /// <summary>One task, or null.</summary>
    Task<TaskRecord?> GetTaskAsync(string id, long index, CancellationToken cancellationToken = default);
}

/// <summary>A queue as stored. <see cref="Definition"/> is the job's own description (JSON).</summary>
public sealed record TaskQueueRecord(
    string Id, string Owner, double Bid, string Status, byte[] Definition,
    long Total, long Finished, long Failed, long ComputeMilliseconds,
    DateTimeOffset Created, DateTimeOffset Modified, DateTimeOffset? LastOutcome);

/// <summary>A leased task: its index, payload and which attempt this is.</summary>
public readonly record struct LeasedTask(long Index, byte[] Payload, int Attempt);

/// <summary>
/// A task's outcome to record: <see cref="Failed"/> tells done from failed; <see cref="Detail"/> is
/// kept with the task (result or error JSON); <see cref="StreamPayload"/> goes to the stream (<see cref="StreamNamespace"/>, queue id).
/// </summary>
public sealed record TaskOutcomeRecord(long Index, int Attempt, bool Failed, byte[] Detail, byte[]? Log, long ComputeMilliseconds, string StreamNamespace, byte[] StreamPayload);

/// <summary>A task as stored: state 0 pending, 1 leased, 2 done, 3 failed.</summary>
public sealed record TaskRecord(long Index, int State, int Attempts, byte[]? Outcome, byte[]? Log);

/// <summary>An event of a stream's log: its sequence number (its position) and its payload (UTF-8 JSON).</summary>
public sealed record StreamEventRecord(long Sequence, byte[] Payload);
