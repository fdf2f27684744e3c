namespace JobRuntime.Sqlite.Tests.Cluster;

public interface ITickGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan period);

    Task<int> GetTicksAsync();
}

/// <summary>Counts the ticks of its reminder in the default grain storage.</summary>
public sealed class TickGrain([PersistentState("ticks")] IPersistentState<Counter> ticks) : Grain, ITickGrain, IRemindable
{
    public const string ReminderName = "tick";

    public Task StartAsync(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public Task<int> GetTicksAsync() => Task.FromResult(ticks.State.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.State.Count++;
        await ticks.WriteStateAsync();
    }
}
