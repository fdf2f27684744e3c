using System.Text.Json;

namespace JobRuntime.Queues.Processors;

/// <summary>A task handed to a processor (ai4s.jobq's kwargs with <c>_job_id</c> and <c>_worker_id</c>).</summary>
/// <param name="Id">The task id (the message's <c>id</c>).</param>
/// <param name="Kwargs">The task's kwargs.</param>
/// <param name="NumRetries">Retries left after this attempt.</param>
/// <param name="Queue">The queue's name.</param>
/// <param name="WorkerId">The worker running it, <c>id:index</c>.</param>
public sealed record QueueTask(string Id, JsonElement Kwargs, int NumRetries, string Queue, string WorkerId)
{
    /// <summary>The kwargs deserialized as <typeparamref name="T"/>.</summary>
    public T Get<T>() => Kwargs.Deserialize<T>()!;
}
