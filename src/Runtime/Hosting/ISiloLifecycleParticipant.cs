namespace JobRuntime.Hosting;

/// <summary>
/// A silo component that starts after the grain runtime and stops after grains have deactivated
/// (stream delivery, storage flushing). Register it as a singleton service.
/// </summary>
public interface ISiloLifecycleParticipant
{
    /// <summary>Called when the silo starts, after the runtime is ready.</summary>
    Task OnStartAsync(CancellationToken cancellationToken);

    /// <summary>Called first when the silo begins to stop, before grains deactivate (stop taking new work here).</summary>
    Task OnStoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the silo stops, after every grain has deactivated.</summary>
    Task OnStopAsync(CancellationToken cancellationToken);
}
