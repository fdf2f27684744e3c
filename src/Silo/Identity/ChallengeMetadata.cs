namespace JobRuntime.Silo.Identity;

/// <summary>Endpoint metadata: how a route's API answers a request whose credentials are missing or wrong.</summary>
/// <param name="WriteAsync">Writes the 401 answer, given the reason.</param>
internal sealed record ChallengeMetadata(Func<HttpContext, string, Task> WriteAsync);
