using System.Globalization;
using JobRuntime.CodeGeneration;

namespace JobRuntime;

/// <summary>Key accessors for grains and grain references, as in Orleans.</summary>
public static class GrainExtensions
{
    /// <summary>The grain id of a grain or reference.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        GrainReference reference => reference.GrainId,
        IGrainBase activation => activation.GrainContext.GrainId,
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain nor a grain reference.", nameof(grain)),
    };

    /// <summary>The string key.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    /// <summary>The Guid key.</summary>
    /// <exception cref="InvalidGrainKeyException">The key is not a Guid.</exception>
    public static Guid GetPrimaryKey(this IAddressable grain)
    {
        var id = grain.GetGrainId();
        return Guid.TryParseExact(id.Key, "N", out var key)
            ? key
            : throw new InvalidGrainKeyException($"Grain {id} does not have a Guid key.");
    }

    /// <summary>The integer key.</summary>
    /// <exception cref="InvalidGrainKeyException">The key is not an integer.</exception>
    public static long GetPrimaryKeyLong(this IAddressable grain)
    {
        var id = grain.GetGrainId();
        return long.TryParse(id.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw new InvalidGrainKeyException($"Grain {id} does not have an integer key.");
    }

    /// <summary>Casts a reference to another interface of the same grain.</summary>
    public static T AsReference<T>(this IAddressable grain) where T : IAddressable => grain switch
    {
        GrainReference reference => reference.Invoker.GrainFactory.GetGrain<T>(reference.GrainId),
        IGrainBase activation => activation.GrainContext.AsReference<T>(),
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain nor a grain reference.", nameof(grain)),
    };
}
