namespace JobRuntime.GrainInterfaces.State;

/// <summary>Names used by states.</summary>
public static class StateStreams
{
    /// <summary>The stream provider that carries state updates (the durable jobs provider).</summary>
    public const string Provider = JobStreams.Provider;

    /// <summary>The stream namespace of state updates (key: the state's namespace).</summary>
    public const string Namespace = "state";
}
