using System.Text.Json;
using System.Threading.Channels;

namespace JobRuntime.Queues.Enqueue;

/// <summary>
/// ai4s.jobq's <c>batch_enqueue</c>: lists a <see cref="WorkSpecification"/>'s seeds in parallel,
/// checks <see cref="WorkSpecification.AlreadyDoneAsync"/> with a pool of its own, and pushes the
/// rest in batches.
/// </summary>
public static class BatchEnqueue
{
    /// <summary>Enqueues every task of a specification.</summary>
    public static async Task<BatchEnqueueResult> BatchEnqueueAsync(this WorkQueue queue, WorkSpecification specification, BatchEnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(specification);
        options ??= new BatchEnqueueOptions();
        Validate(options);
        if (!options.DryRun)
        {
            await queue.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        var counters = new Counters(options.Progress);
        var listed = Channel.CreateBounded<object>(options.NumEnqueueWorkers * 4);
        var toPush = Channel.CreateBounded<QueueMessage>(options.BatchSize * 4);

        var listing = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(specification.TaskSeedsAsync(cancellationToken),
                    new ParallelOptions { MaxDegreeOfParallelism = options.NumListTaskWorkers, CancellationToken = cancellationToken },
                    async (seed, ct) =>
                    {
                        await foreach (var task in specification.ListTasksAsync(seed, options.Force, ct).ConfigureAwait(false))
                        {
                            counters.Listed();
                            await listed.Writer.WriteAsync(task, ct).ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                listed.Writer.Complete();
            }
            catch (Exception e)
            {
                listed.Writer.Complete(e);
            }
        }, cancellationToken);

        var checking = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(listed.Reader.ReadAllAsync(cancellationToken),
                    new ParallelOptions { MaxDegreeOfParallelism = options.NumEnqueueWorkers, CancellationToken = cancellationToken },
                    async (task, ct) =>
                    {
                        if (!options.Force && await specification.AlreadyDoneAsync(task, ct).ConfigureAwait(false))
                        {
                            counters.Skipped();
                            return;
                        }
                        await toPush.Writer.WriteAsync(QueueMessage.Create(JsonSerializer.SerializeToElement(task), options.NumRetries, options.RandomIds), ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                toPush.Writer.Complete();
            }
            catch (Exception e)
            {
                toPush.Writer.Complete(e);
            }
        }, cancellationToken);

        var batch = new List<QueueMessage>(options.BatchSize);
        await foreach (var message in toPush.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(message);
            if (batch.Count == options.BatchSize)
            {
                await PushAsync(queue, batch, options, counters, cancellationToken).ConfigureAwait(false);
            }
        }
        await PushAsync(queue, batch, options, counters, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(listing, checking).ConfigureAwait(false);
        await toPush.Reader.Completion.ConfigureAwait(false);
        await listed.Reader.Completion.ConfigureAwait(false);
        return counters.Result;
    }

    /// <summary>Enqueues a plain list of tasks (kwargs objects, or strings for shell commands).</summary>
    public static Task<BatchEnqueueResult> BatchEnqueueAsync<T>(this WorkQueue queue, IEnumerable<T> tasks, BatchEnqueueOptions? options = null, CancellationToken cancellationToken = default)
        where T : notnull =>
        queue.BatchEnqueueAsync(new ListSpecification<T>(tasks), options, cancellationToken);

    private static async Task PushAsync(WorkQueue queue, List<QueueMessage> batch, BatchEnqueueOptions options, Counters counters, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }
        if (!options.DryRun)
        {
            await queue.PushManyAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        counters.Enqueued(batch.Count);
        batch.Clear();
    }

    private static void Validate(BatchEnqueueOptions options)
    {
        if (options.NumRetries < 0 || options.NumListTaskWorkers < 1 || options.NumEnqueueWorkers < 1 || options.BatchSize < 1)
        {
            throw new ArgumentException(
                $"BatchEnqueueOptions out of range: NumRetries {options.NumRetries} (>= 0), NumListTaskWorkers {options.NumListTaskWorkers}, " +
                $"NumEnqueueWorkers {options.NumEnqueueWorkers} and BatchSize {options.BatchSize} (each >= 1).", nameof(options));
        }
    }

    private sealed class ListSpecification<T>(IEnumerable<T> tasks) : WorkSpecification where T : notnull
    {
        public override async IAsyncEnumerable<object> ListTasksAsync(string? seed, bool force, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask.ConfigureAwait(false);
            foreach (var task in tasks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return task;
            }
        }
    }

    private sealed class Counters(IProgress<BatchEnqueueResult>? progress)
    {
        private long _listed, _skipped, _enqueued;

        public BatchEnqueueResult Result => new(Interlocked.Read(ref _listed), Interlocked.Read(ref _skipped), Interlocked.Read(ref _enqueued));

        public void Listed() => Interlocked.Increment(ref _listed);

        public void Skipped()
        {
            Interlocked.Increment(ref _skipped);
            progress?.Report(Result);
        }

        public void Enqueued(int count)
        {
            Interlocked.Add(ref _enqueued, count);
            progress?.Report(Result);
        }
    }
}
