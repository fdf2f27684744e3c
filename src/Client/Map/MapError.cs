namespace JobRuntime.Client.Map;

/// <summary>An item that failed in a map whose errors are suppressed: its position and its error.</summary>
public sealed record MapError(long Position, Exception Error);
