using System.Runtime.CompilerServices;

namespace JobRuntime.Queues.Enqueue;

/// <summary>
/// ai4s.jobq's <c>WorkSpecification</c>: lists the tasks of a batch. <see cref="TaskSeedsAsync"/>
/// splits the listing (e.g. top-level folders), <see cref="ListTasksAsync"/> lists one seed's tasks
/// (seeds are listed in parallel), and <see cref="AlreadyDoneAsync"/> skips finished tasks (checked
/// by a pool of its own) unless the batch is forced.
/// </summary>
public abstract class WorkSpecification
{
    /// <summary>The seeds to list tasks from. Default: one seed, null.</summary>
    public virtual async IAsyncEnumerable<string?> TaskSeedsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return null;
    }

    /// <summary>The tasks (kwargs objects, or strings for shell commands) of one seed.</summary>
    public abstract IAsyncEnumerable<object> ListTasksAsync(string? seed, bool force, CancellationToken cancellationToken = default);

    /// <summary>True when a task needs no run. Default: false.</summary>
    public virtual ValueTask<bool> AlreadyDoneAsync(object task, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
}
