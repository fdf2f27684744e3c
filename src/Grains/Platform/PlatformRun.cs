using JobRuntime.Storage.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>A job to run: its key, its spider's program (a JSON object), its token and its arguments (a JSON object).</summary>
internal sealed record PlatformRun(PlatformJobKey Key, string Program, string Token, string Arguments);
