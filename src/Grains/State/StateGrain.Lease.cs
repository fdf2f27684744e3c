using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Grains.State;

internal sealed partial class StateGrain
{
    private (Guid Token, DateTimeOffset Expires)? _lease;
    private TaskCompletionSource _leaseEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<StateLease> Acquire(TimeSpan lease)
    {
        if (lease < TimeSpan.FromMilliseconds(1) || lease > _options.MaxLease)
        {
            throw new InvalidStateException($"A lease on state '{Namespace}' lasts 1 ms to {_options.MaxLease}; {lease} was asked for.");
        }
        await WaitForLeaseAsync(null);
        var token = Guid.NewGuid();
        var expires = time.GetUtcNow() + lease;
        _lease = (token, expires);
        // The snapshot includes changes still being written: they are written before any of the lease's.
        return new StateLease(token, Snapshot(), expires);
    }

    public async Task<long> Commit(Guid token, StateChange[] changes)
    {
        Validate(changes);
        if (_lease is not { } lease || lease.Token != token || time.GetUtcNow() >= lease.Expires)
        {
            if (_lease is { } held && held.Token == token)
            {
                EndLease();
            }
            throw new StateLeaseExpiredException($"The lease on state '{Namespace}' expired or was not taken; the atomic update was not written.");
        }
        try
        {
            return await WriteAsync(changes);
        }
        finally
        {
            EndLease();
        }
    }

    public Task Release(Guid token)
    {
        if (_lease is { } lease && lease.Token == token)
        {
            EndLease();
        }
        return Task.CompletedTask;
    }

    /// <summary>Waits while another caller holds the lease; an expired lease is dropped.</summary>
    private async Task WaitForLeaseAsync(Guid? token)
    {
        while (_lease is { } lease && lease.Token != token)
        {
            var left = lease.Expires - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                EndLease();
                return;
            }
            var ended = _leaseEnded.Task;
            await Task.WhenAny(ended, Task.Delay(left, time));
        }
    }

    private void EndLease()
    {
        _lease = null;
        _leaseEnded.TrySetResult();
        _leaseEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
