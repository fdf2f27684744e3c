namespace JobRuntime;

/// <summary>The runtime's side of one grain activation, as grain code and extensions see it.</summary>
public interface IGrainContext
{
    /// <summary>The grain's id.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance (null until it is constructed).</summary>
    object? GrainInstance { get; }

    /// <summary>The silo's services.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>The factory for references to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>A reference to this grain through interface <typeparamref name="T"/>.</summary>
    T AsReference<T>() where T : IAddressable;

    /// <summary>Deactivates the grain once no call is running on it.</summary>
    void Deactivate(DeactivationReason reason);
}

/// <summary>Implemented by grain classes; <see cref="Grain"/> is the usual base.</summary>
public interface IGrainBase
{
    /// <summary>The activation this grain instance belongs to.</summary>
    IGrainContext GrainContext { get; }

    /// <summary>Runs before the first call, after persistent state is read.</summary>
    Task OnActivateAsync(CancellationToken cancellationToken);

    /// <summary>Runs when the activation is collected or deactivated; the token fires at the deactivation timeout.</summary>
    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken);
}

/// <summary>Why an activation is being deactivated.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Description}";
}

/// <summary>The kinds of <see cref="DeactivationReason"/>.</summary>
public enum DeactivationReasonCode
{
    /// <summary>Grain code called <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,
    /// <summary>Idle longer than its collection age.</summary>
    ActivationIdle,
    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
}
