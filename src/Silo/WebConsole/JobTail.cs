using JobRuntime.GrainInterfaces;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// What a job's streams delivered since the page's last tick: the newest results and errors (the
/// older ones of a burst are dropped, the page shows a tail) and whether anything arrived.
/// </summary>
internal sealed class JobTail(int maxResults, int maxErrors)
{
    private readonly Lock _lock = new();
    private readonly Queue<Positioned<TaskResult>> _results = new();
    private readonly Queue<Positioned<TaskFailure>> _errors = new();
    private bool _changed;

    public void Add(Positioned<TaskResult> result) => Add(_results, result, maxResults);

    public void Add(Positioned<TaskFailure> error) => Add(_errors, error, maxErrors);

    public (Positioned<TaskResult>[] Results, Positioned<TaskFailure>[] Errors, bool Changed) Take()
    {
        lock (_lock)
        {
            var taken = (_results.ToArray(), _errors.ToArray(), _changed);
            _results.Clear();
            _errors.Clear();
            _changed = false;
            return taken;
        }
    }

    private void Add<T>(Queue<T> queue, T item, int max)
    {
        lock (_lock)
        {
            if (queue.Count == max)
            {
                queue.Dequeue();
            }
            queue.Enqueue(item);
            _changed = true;
        }
    }
}
