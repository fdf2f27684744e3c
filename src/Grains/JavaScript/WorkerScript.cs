using System.Security.Cryptography;

namespace JobRuntime.Grains.JavaScript;

/// <summary>
/// The worker script (worker.js, embedded in this assembly), written once to a file of its own in
/// a per-user temporary folder: Node's permission model then allows reading that one file.
/// </summary>
internal static class WorkerScript
{
    private const string ResourceName = "JobRuntime.Grains.JavaScript.worker.js";
    private static readonly Lock Gate = new();
    private static string? _path;

    /// <summary>The full path of the script, written if needed.</summary>
    public static string GetPath()
    {
        lock (Gate)
        {
            if (_path is not null && File.Exists(_path))
            {
                return _path;
            }
            var content = ReadResource();
            var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
            var directory = Path.Combine(Path.GetTempPath(), $"jobruntime-node-{Environment.UserName}");
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var path = Path.Combine(directory, $"worker-{hash}.js");
            // Another process may have written it: use it only if its bytes are ours.
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            {
                var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                File.WriteAllBytes(temporary, content);
                File.Move(temporary, path, overwrite: true);
            }
            _path = path;
            return path;
        }
    }

    private static byte[] ReadResource()
    {
        using var stream = typeof(WorkerScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from {typeof(WorkerScript).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
