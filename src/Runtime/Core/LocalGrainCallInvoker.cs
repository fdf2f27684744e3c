using JobRuntime.CodeGeneration;
using JobRuntime.Observers;

namespace JobRuntime.Runtime;

/// <summary>The silo's call path: copy the arguments, find (or create) the activation, hand the call over.</summary>
internal sealed class LocalGrainCallInvoker(SiloRuntime runtime, IGrainFactory grainFactory) : IGrainCallInvoker
{
    public IGrainFactory GrainFactory => grainFactory;

    public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        if (target.GrainId.Type == ObserverRegistry.GrainType)
        {
            return runtime.Observers.InvokeAsync(target, request);
        }
        if (runtime.IsStopped)
        {
            return ValueTask.FromException<TResult>(new SiloUnavailableException($"The silo has stopped: call {request.Method} to {target.GrainId} was not delivered."));
        }
        try
        {
            request.CopyArguments(runtime.Copier);
        }
        catch (GrainSerializationException e)
        {
            return ValueTask.FromException<TResult>(new GrainSerializationException($"Call to {target.GrainId}: {e.Message}", e.InnerException));
        }
        var caller = CallContext.Current;
        while (true)
        {
            ActivationData activation;
            try
            {
                activation = runtime.GetActivation(target);
            }
            catch (JobRuntimeException e)
            {
                return ValueTask.FromException<TResult>(e);
            }
            if (activation.TryInvoke(request, caller, out var result))
            {
                return result;
            }
            target.CachedTarget = null;
        }
    }

    public void InvokeOneWay(GrainReference target, GrainRequest request)
    {
        if (target.GrainId.Type == ObserverRegistry.GrainType)
        {
            runtime.Observers.InvokeOneWay(target, request, e => runtime.LogUnhandled(target.GrainId, e));
            return;
        }
        if (runtime.IsStopped)
        {
            throw new SiloUnavailableException($"The silo has stopped: call {request.Method} to {target.GrainId} was not delivered.");
        }
        request.CopyArguments(runtime.Copier);
        var call = new OneWayCall(request, new CallContext(target.GrainId, request.Method, CallContext.Current), runtime);
        while (!runtime.GetActivation(target).TryEnqueue(call))
        {
            target.CachedTarget = null;
        }
    }
}
