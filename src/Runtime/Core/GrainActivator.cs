using System.Reflection;
using JobRuntime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Runtime;

/// <summary>
/// Constructs grain instances: each constructor parameter comes from the silo's services, except
/// <see cref="PersistentStateAttribute"/> parameters, which get state bound to the grain.
/// The plan is made once per class; activation does not search constructors again.
/// </summary>
internal sealed class GrainActivator
{
    private const string DefaultStorageName = "Default";

    private readonly ConstructorInfo _constructor;
    private readonly Func<IServiceProvider, ActivationData, object?>[] _arguments;

    public GrainActivator(Type grainClass)
    {
        var constructors = grainClass.GetConstructors();
        if (constructors.Length == 0)
        {
            throw new InvalidOperationException($"Grain class {grainClass} has no public constructor.");
        }
        _constructor = constructors.MaxBy(c => c.GetParameters().Length)!;
        _arguments = [.. _constructor.GetParameters().Select(p => PlanArgument(grainClass, p))];
    }

    public object Create(IServiceProvider services, ActivationData activation)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](services, activation);
        }
        return _constructor.Invoke(arguments);
    }

    private static Func<IServiceProvider, ActivationData, object?> PlanArgument(Type grainClass, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"Grain class {grainClass.Name}: parameter '{parameter.Name}' has [PersistentState] but is not an IPersistentState<T>.");
            }
            var create = typeof(GrainActivator).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.GetGenericArguments()[0])
                .CreateDelegate<Func<IServiceProvider, ActivationData, string, string, object>>();
            var stateName = state.StateName;
            var storageName = state.StorageName ?? DefaultStorageName;
            return (services, activation) => create(services, activation, stateName, storageName);
        }
        if (type == typeof(IGrainContext))
        {
            return static (_, activation) => activation;
        }
        if (type == typeof(IGrainFactory))
        {
            return static (_, activation) => activation.GrainFactory;
        }
        return (services, activation) => services.GetService(type)
            ?? (parameter.HasDefaultValue ? parameter.DefaultValue
                : throw new InvalidOperationException($"Grain class {grainClass.Name} needs a {type} for constructor parameter '{parameter.Name}', but the silo's services have none registered."));
    }

    private static object CreateState<T>(IServiceProvider services, ActivationData activation, string stateName, string storageName)
    {
        var storage = services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"No grain storage named '{storageName}' is registered (state '{stateName}' of grain class {activation.GrainClass.GrainClass.Name}). Register one with AddMemoryGrainStorage or UseSqlite on the silo builder.");
        var state = new PersistentState<T>(stateName, activation.GrainId, storageName, storage);
        activation.AddPersistentState(state);
        return state;
    }
}
