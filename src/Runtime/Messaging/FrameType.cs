namespace JobRuntime.Messaging;

/// <summary>
/// The frames of the gateway protocol. Every frame is a 4-byte big-endian length (of what follows),
/// a type byte, and a body; bodies are binary headers followed by JSON where values travel.
/// </summary>
internal enum FrameType : byte
{
    /// <summary>Client to silo, first frame: JSON <see cref="Hello"/>.</summary>
    Hello = 1,
    /// <summary>Silo to client: JSON <see cref="Welcome"/> (the handshake succeeded).</summary>
    Welcome = 2,
    /// <summary>Silo to client: JSON <see cref="Refusal"/>; the silo closes the connection after it.</summary>
    Refused = 3,
    /// <summary>Either way: a call (client to grain, or silo to a client's observer).</summary>
    Request = 4,
    /// <summary>Either way: the outcome of a request.</summary>
    Response = 5,
    /// <summary>Client to silo: cancel the request with the given id.</summary>
    Cancel = 6,
    /// <summary>Client to silo: subscribe to a stream from a token.</summary>
    Subscribe = 7,
    /// <summary>Client to silo: end a subscription.</summary>
    Unsubscribe = 8,
    /// <summary>Silo to client: an event of a subscription.</summary>
    StreamEvent = 9,
    /// <summary>Client to silo: publish items to a stream (answered by a Response).</summary>
    Publish = 10,
    /// <summary>Silo to client: the silo is shutting down; do not send more requests.</summary>
    GoingAway = 11,
}

/// <summary>The client's handshake.</summary>
internal sealed record Hello(int Version, string ClientId, string? AccessKey);

/// <summary>The silo's handshake answer: protocol version and which grain type implements each interface.</summary>
internal sealed record Welcome(int Version, string SiloId, GrainTypeEntry[] Manifest);

/// <summary>One grain class: its grain type, class names and the interfaces it implements.</summary>
internal sealed record GrainTypeEntry(string GrainType, string ClassName, string ClassFullName, string[] Interfaces);

/// <summary>Why the silo refused a handshake.</summary>
internal sealed record Refusal(string Reason, string Message);

/// <summary>The protocol constants.</summary>
internal static class Protocol
{
    /// <summary>The protocol version this build speaks.</summary>
    public const int Version = 1;

    /// <summary>Bytes of the length prefix.</summary>
    public const int LengthSize = 4;
}
