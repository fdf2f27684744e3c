using JobRuntime.Runtime;

namespace JobRuntime;

/// <summary>
/// The base class of grains. The runtime constructs grains (constructor parameters come from the
/// silo's services, <see cref="PersistentStateAttribute"/> parameters from grain storage), runs
/// one call at a time on each activation, and collects it when idle.
/// </summary>
public abstract class Grain : IGrainBase
{
    /// <summary>Binds the grain to the activation the runtime is constructing.</summary>
    /// <exception cref="InvalidOperationException">The grain was constructed outside the runtime.</exception>
    protected Grain()
    {
        GrainContext = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: get a reference with IGrainFactory.GetGrain instead of constructing it.");
    }

    /// <inheritdoc/>
    public IGrainContext GrainContext { get; }

    private ActivationData Activation => (ActivationData)GrainContext;

    /// <summary>The factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>The grain's id.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>A printable identity for logs.</summary>
    public string IdentityString => $"{GetType().Name} {GrainContext.GrainId}";

    /// <inheritdoc/>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current call finishes; the next call creates a new one.</summary>
    protected void DeactivateOnIdle() =>
        GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => Activation.DelayDeactivation(timeSpan);

    /// <summary>
    /// Starts a timer whose ticks run as turns of this grain (so they never overlap a call unless
    /// <see cref="GrainTimerCreationOptions.Interleave"/>); it stops when the grain deactivates.
    /// The next tick is scheduled <paramref name="period"/> after a tick's callback completes.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Starts a timer with a state argument and options (see the other overload).</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        Activation.RegisterTimer(callback, state, options);

    /// <summary>Registers (or moves) a durable reminder that calls <see cref="Timers.IRemindable.ReceiveReminder"/>; it survives deactivation and silo restarts.</summary>
    protected Task<Timers.IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Activation.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);

    /// <summary>Removes a reminder.</summary>
    protected Task UnregisterReminder(Timers.IGrainReminder reminder) => Activation.Reminders.UnregisterAsync(GrainId, reminder.ReminderName);

    /// <summary>The reminder named <paramref name="reminderName"/>, or null.</summary>
    protected Task<Timers.IGrainReminder?> GetReminder(string reminderName) => Activation.Reminders.GetAsync(GrainId, reminderName);

    /// <summary>All of this grain's reminders.</summary>
    protected Task<IReadOnlyList<Timers.IGrainReminder>> GetReminders() => Activation.Reminders.ListAsync(GrainId);
}
