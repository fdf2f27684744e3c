using JobRuntime.GrainInterfaces;

namespace JobRuntime.Grains;

/// <summary>Counts the beats of its reminder in the default grain storage (see <see cref="IHeartbeatGrain"/>).</summary>
internal sealed class HeartbeatGrain(
    [PersistentState("heartbeat")] IPersistentState<HeartbeatState> state) : Grain, IHeartbeatGrain, IRemindable
{
    private const string ReminderName = "heartbeat";

    /// <inheritdoc/>
    public async Task Start(TimeSpan period)
    {
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A heartbeat's period must be positive.");
        }
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    /// <inheritdoc/>
    public async Task Stop()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <inheritdoc/>
    public Task<int> GetBeats() => Task.FromResult(state.State.Beats);

    /// <inheritdoc/>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Beats++;
        await state.WriteStateAsync();
    }
}

/// <summary>The heartbeat's stored state.</summary>
[GenerateSerializer, Alias("JobRuntime.HeartbeatState")]
internal sealed class HeartbeatState
{
    /// <summary>Beats counted so far.</summary>
    [Id(0)] public int Beats { get; set; }
}
