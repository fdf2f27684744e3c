using System.Diagnostics;

namespace JobRuntime.Grains.JavaScript;

/// <summary>A usable <c>node</c>: its full path, version and the flag that turns on its permission model.</summary>
internal sealed record NodeInstallation(string Path, Version Version, string PermissionFlag);

/// <summary>Finds <c>node</c> (configured path or PATH) and checks that it is recent enough.</summary>
internal static class NodeLocator
{
    /// <summary>The oldest major version with a permission model.</summary>
    public const int MinimumMajorVersion = 20;

    /// <summary>Returns the installation, or null and the reason there is none.</summary>
    public static (NodeInstallation? Node, string? Reason) Locate(string? configuredPath)
    {
        string path;
        if (configuredPath is not null)
        {
            if (!File.Exists(configuredPath))
            {
                return (null, $"node not found at {NodeOptions.SectionName}:Path ('{configuredPath}')");
            }
            path = System.IO.Path.GetFullPath(configuredPath);
        }
        else if (FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node") is { } found)
        {
            path = found;
        }
        else
        {
            return (null, $"node not found on PATH or at {NodeOptions.SectionName}:Path; install Node.js {MinimumMajorVersion} or later");
        }

        var (text, error) = RunVersion(path);
        if (text is null)
        {
            return (null, $"could not run '{path} --version': {error}");
        }
        if (!Version.TryParse(text.Trim().TrimStart('v').Split('-')[0], out var version))
        {
            return (null, $"'{path} --version' printed '{text.Trim()}', which is not a version");
        }
        if (version.Major < MinimumMajorVersion)
        {
            return (null, $"node {version} at '{path}' is too old: Node.js {MinimumMajorVersion} or later is needed for its permission model");
        }
        // Node 22.13 made the permission model stable as --permission; older lines only know the experimental flag.
        var flag = version >= new Version(22, 13) ? "--permission" : "--experimental-permission";
        return (new NodeInstallation(path, version, flag), null);
    }

    private static string? FindOnPath(string name)
    {
        var directories = Environment.GetEnvironmentVariable("PATH")?.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var directory in directories)
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return System.IO.Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    private static (string? Output, string? Error) RunVersion(string path)
    {
        try
        {
            var start = new ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment.Remove("NODE_OPTIONS");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return (null, "it did not answer within 10 seconds");
            }
            return process.ExitCode == 0 ? (output.Result, null) : (null, $"it exited with code {process.ExitCode}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }
}
