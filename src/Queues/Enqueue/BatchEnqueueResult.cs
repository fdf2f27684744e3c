namespace JobRuntime.Queues.Enqueue;

/// <summary>What a batch enqueue did.</summary>
/// <param name="Listed">Tasks the specification listed.</param>
/// <param name="Skipped">Tasks skipped as already done.</param>
/// <param name="Enqueued">Tasks pushed (in a dry run: that would have been pushed).</param>
public sealed record BatchEnqueueResult(long Listed, long Skipped, long Enqueued);
