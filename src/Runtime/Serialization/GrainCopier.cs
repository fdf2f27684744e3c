using System.Text.Json;
using JobRuntime.CodeGeneration;

namespace JobRuntime.Serialization;

/// <summary>
/// Copies call arguments and results so that caller and grain never share a mutable object.
/// Immutable values (primitives, strings, grain references, <c>[Immutable]</c> types) pass as they
/// are; everything else makes a JSON round trip of its run-time type.
/// </summary>
public sealed class GrainCopier
{
    private readonly GrainSerializer _serializer;

    internal GrainCopier(GrainSerializer serializer) => _serializer = serializer;

    /// <summary>Returns a deep copy of <paramref name="value"/>.</summary>
    /// <exception cref="GrainSerializationException">The value's type cannot be serialized.</exception>
    public T Copy<T>(T value)
    {
        if (ImmutableType<T>.Value || value is null)
        {
            return value;
        }
        var type = value.GetType();
        if (type != typeof(T) && ImmutableTypes.IsImmutable(type))
        {
            return value;
        }
        return (T)_serializer.RoundTrip(value, type);
    }

    /// <summary>Copies argument <paramref name="index"/> of <paramref name="request"/>, naming it when that fails.</summary>
    public T CopyArgument<T>(T value, GrainRequest request, int index)
    {
        try
        {
            return Copy(value);
        }
        catch (GrainSerializationException e)
        {
            var name = index < request.Method.ParameterNames.Length ? request.Method.ParameterNames[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new GrainSerializationException($"Argument '{name}' of {request.Method} cannot be copied: {e.Message}", e.InnerException);
        }
    }
}
