using System.Collections;

namespace JobRuntime.Queues.Workers;

/// <summary>
/// The logging scope of a worker or task: structured pairs for providers that read them, and
/// <c>queue=... worker=... task=...</c> for those that print the scope as text.
/// </summary>
internal sealed class WorkerLogScope(IReadOnlyList<KeyValuePair<string, object>> pairs) : IReadOnlyList<KeyValuePair<string, object>>
{
    public static WorkerLogScope Worker(string queue, string workerId) => new([new("Queue", queue), new("WorkerId", workerId)]);

    public static WorkerLogScope Task(string taskId) => new([new("TaskId", taskId)]);

    public KeyValuePair<string, object> this[int index] => pairs[index];

    public int Count => pairs.Count;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"));
}
