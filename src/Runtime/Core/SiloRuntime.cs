using JobRuntime.CodeGeneration;
using JobRuntime.Hosting;
using JobRuntime.Observers;
using JobRuntime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Runtime;

/// <summary>The options the runtime reads on every activation, gathered once.</summary>
internal sealed record RuntimeOptions(GrainCollectionOptions Collection, MessagingOptions Messaging, SiloOptions Silo);

/// <summary>
/// The grain runtime of one silo: the catalog of activations, the call path, and the services an
/// activation reaches. Everything here is shared by all activations.
/// </summary>
internal sealed partial class SiloRuntime : IDisposable
{
    private readonly ILogger _logger;
    private ReminderService? _reminders;
    private volatile bool _stopped;
    private volatile bool _stopping;

    public SiloRuntime(
        IServiceProvider services,
        GrainCodeCatalog code,
        GrainSerializer serializer,
        TimeProvider time,
        IOptions<GrainCollectionOptions> collection,
        IOptions<MessagingOptions> messaging,
        IOptions<SiloOptions> silo,
        ILogger<SiloRuntime> logger)
    {
        Services = services;
        Code = code;
        Serializer = serializer;
        Copier = serializer.Copier;
        Time = time;
        Options = new RuntimeOptions(collection.Value, messaging.Value, silo.Value);
        _logger = logger;
        Timeouts = new ResponseTimeouts(Options.Messaging.ResponseTimeout, time);
        Observers = new ObserverRegistry(Copier);
        var factory = new GrainFactory(code, code, Observers);
        Invoker = new LocalGrainCallInvoker(this, factory);
        factory.Invoker = Invoker;
        GrainFactory = factory;
    }

    public IServiceProvider Services { get; }

    public GrainCodeCatalog Code { get; }

    public GrainSerializer Serializer { get; }

    public GrainCopier Copier { get; }

    public TimeProvider Time { get; }

    public RuntimeOptions Options { get; }

    public ResponseTimeouts Timeouts { get; }

    public ObserverRegistry Observers { get; }

    public ActivationDirectory Directory { get; } = new();

    public IGrainFactory GrainFactory { get; }

    public LocalGrainCallInvoker Invoker { get; }

    public ReminderService Reminders => _reminders ??= Services.GetRequiredService<ReminderService>();

    /// <summary>True once the silo has stopped: calls fail with <see cref="SiloUnavailableException"/>.</summary>
    public bool IsStopped => _stopped;

    /// <summary>The activation of a grain, created on first use; the reference caches it.</summary>
    public ActivationData GetActivation(GrainReference target)
    {
        if (target.CachedTarget is ActivationData cached && !cached.IsGone)
        {
            return cached;
        }
        var activation = GetOrCreateActivation(target.GrainId);
        target.CachedTarget = activation;
        return activation;
    }

    public ActivationData GetOrCreateActivation(GrainId grainId)
    {
        if (Directory.TryGet(grainId, out var activation))
        {
            return activation;
        }
        if (_stopping)
        {
            throw new SiloUnavailableException($"The silo is shutting down: grain {grainId} cannot be activated.");
        }
        var grainClass = Code.GetClass(grainId.Type);
        CheckKey(grainId, grainClass);
        var fresh = new ActivationData(grainId, grainClass, this);
        activation = Directory.GetOrAdd(fresh);
        if (ReferenceEquals(activation, fresh))
        {
            fresh.StartActivation();
        }
        return activation;
    }

    private static void CheckKey(GrainId grainId, GrainClassMetadata grainClass)
    {
        var valid = grainClass.KeyKind switch
        {
            GrainKeyKind.Guid => Guid.TryParseExact(grainId.Key, "N", out _),
            GrainKeyKind.Integer => long.TryParse(grainId.Key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        if (!valid)
        {
            throw new InvalidGrainKeyException($"Grain {grainId}: '{grainId.Key}' is not a valid {grainClass.KeyKind} key for {grainClass.GrainClass.Name}.");
        }
    }

    /// <summary>Queues a call to the grain's current (or a new) activation.</summary>
    public void Dispatch(GrainId grainId, PendingCall call)
    {
        try
        {
            while (!GetOrCreateActivation(grainId).TryEnqueue(call))
            {
            }
        }
        catch (Exception e)
        {
            call.Fail(e);
        }
    }

    /// <summary>Deactivates every activation and refuses new ones.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");
        var all = Directory.All.ToList();
        foreach (var activation in all)
        {
            activation.Deactivate(reason);
        }
        var done = Task.WhenAll(all.Select(a => a.Deactivated));
        try
        {
            await done.WaitAsync(Options.Silo.ShutdownTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogShutdownTimedOut(_logger, Directory.Count, Options.Silo.ShutdownTimeout);
        }
        _stopped = true;
    }

    public IDisposable? BeginGrainScope(ActivationData activation) => _logger.BeginScope(activation.LogScope);

    public void Dispose() => Timeouts.Dispose();

    public void LogUnhandled(GrainId grainId, Exception error) => LogUnhandledError(_logger, grainId, error);

    public void LogOneWayFailure(CallContext context, Exception error) => LogOneWayFailed(_logger, context.Method.ToString(), context.Target, error);

    public void LogActivated(ActivationData activation) => LogActivation(_logger, activation.GrainId, activation.GrainClass.GrainClass.Name);

    public void LogActivationFailed(GrainId grainId, Exception error) => LogActivationError(_logger, grainId, error);

    public void LogDeactivated(ActivationData activation, DeactivationReason reason) => LogDeactivation(_logger, activation.GrainId, reason.ToString());

    public void LogDeactivationFailed(GrainId grainId, Exception error) => LogDeactivationError(_logger, grainId, error);

    public void LogTimerFailed(GrainId grainId, Exception error) => LogTimerError(_logger, grainId, error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in a turn of grain {GrainId}")]
    private static partial void LogUnhandledError(ILogger logger, GrainId grainId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way call {Method} to {GrainId} failed")]
    private static partial void LogOneWayFailed(ILogger logger, string method, GrainId grainId, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activated {GrainId} ({GrainClass})")]
    private static partial void LogActivation(ILogger logger, GrainId grainId, string grainClass);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {GrainId} failed to activate")]
    private static partial void LogActivationError(ILogger logger, GrainId grainId, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {GrainId}: {Reason}")]
    private static partial void LogDeactivation(ILogger logger, GrainId grainId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
    private static partial void LogDeactivationError(ILogger logger, GrainId grainId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A timer callback of grain {GrainId} failed")]
    private static partial void LogTimerError(ILogger logger, GrainId grainId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} activations had not deactivated after {Timeout}; the silo stops anyway")]
    private static partial void LogShutdownTimedOut(ILogger logger, int count, TimeSpan timeout);
}
