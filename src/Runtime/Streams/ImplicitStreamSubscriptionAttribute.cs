namespace JobRuntime.Streams;

/// <summary>
/// Subscribes every grain of the class to the streams of a namespace: an event on stream
/// (namespace, key) activates the grain whose key is the stream's key and delivers the event to it.
/// The grain attaches its observer in <c>OnActivateAsync</c> (see <c>IStreamProvider</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ImplicitStreamSubscriptionAttribute(string streamNamespace) : Attribute
{
    /// <summary>The namespace whose streams the grain class listens to.</summary>
    public string Namespace { get; } = streamNamespace;
}
