namespace JobRuntime.Hosting;

/// <summary>
/// A silo could not reach its cluster engine when it started; it stops instead of starting half
/// alive. The message names the engine and its address (never a credential).
/// </summary>
public sealed class ClusterEngineUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterEngineUnreachableException(string engine, string address, string reason, Exception? innerException = null)
        : base($"The silo cannot reach its cluster engine {engine} at {address}: {reason}", innerException)
    {
        Engine = engine;
        Address = address;
    }

    /// <summary>The engine, for example "PostgreSQL" or "Azure Table Storage".</summary>
    public string Engine { get; }

    /// <summary>Where the silo looked for it: <c>host:port</c> or an endpoint URI.</summary>
    public string Address { get; }
}
