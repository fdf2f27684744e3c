namespace JobRuntime.GrainInterfaces.Queues;

/// <summary>A message received from an <see cref="IWorkQueueGrain"/>.</summary>
/// <param name="Body">Its body.</param>
/// <param name="Receipt">The receipt that renews, deletes or moves it.</param>
/// <param name="DequeueCount">How many times it was received, this time included.</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.QueueLease")]
public sealed record QueueLease(
    [property: Id(0)] string Body,
    [property: Id(1)] string Receipt,
    [property: Id(2)] int DequeueCount);

/// <summary>What <see cref="IWorkQueueGrain.DeleteAndReceive"/> did.</summary>
/// <param name="Deleted">False when the receipt was no longer the finished message's.</param>
/// <param name="Next">The messages received.</param>
[GenerateSerializer, Immutable, Alias("JobRuntime.QueueDeletedAndReceived")]
public sealed record QueueDeletedAndReceived(
    [property: Id(0)] bool Deleted,
    [property: Id(1)] QueueLease[] Next);
