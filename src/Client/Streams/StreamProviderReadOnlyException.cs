using Orleans.Runtime;

namespace JobRuntime.Client.Streams;

/// <summary>
/// A client tried to produce to a JobRuntime stream; only the silos produce to them (jobs write
/// results and errors there), clients subscribe.
/// </summary>
public sealed class StreamProviderReadOnlyException : InvalidOperationException
{
    /// <summary>Creates the exception for a produce attempt through <paramref name="providerName"/> on <paramref name="streamId"/>.</summary>
    public StreamProviderReadOnlyException(string providerName, StreamId streamId)
        : base($"The stream provider '{providerName}' is subscribe-only on a client: stream {streamId} cannot be produced to from here.")
    {
        ProviderName = providerName;
    }

    /// <summary>The stream provider the client tried to produce through.</summary>
    public string ProviderName { get; }
}
