namespace JobRuntime;

/// <summary>Anything that can be the target of a runtime call: a grain or an observer.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Use one of the keyed sub-interfaces.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain addressed by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain addressed by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>
/// An interface implemented by plain objects that grains call back. Create a reference with
/// <see cref="IGrainFactory.CreateObjectReference{T}(IGrainObserver)"/>; methods returning
/// <c>void</c> are one-way.
/// </summary>
public interface IGrainObserver : IAddressable;
