using System.Runtime;
using System.Runtime.InteropServices;

namespace JobRuntime.Benchmarks.Measurement;

/// <summary>What the figures were measured on, from /proc and the runtime (no paths printed).</summary>
internal static class MachineInfo
{
    public static IEnumerable<string> Describe()
    {
        yield return $"- CPU: {ProcValue("/proc/cpuinfo", "model name") ?? "unknown"}, {Environment.ProcessorCount} logical processors";
        var memKb = ProcValue("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        yield return $"- memory: {(long.TryParse(memKb, out var kb) ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : "unknown")}";
        yield return $"- OS: {OsName()}, kernel {Kernel()}, {RuntimeInformation.OSArchitecture}";
        yield return $"- .NET: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent")}";
        yield return $"- Orleans: {OrleansVersion()}";
    }

    /// <summary>The 1, 5 and 15 minute load averages: how busy the shared cores were.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcValue(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        return File.ReadLines(file)
            .Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault();
    }

    private static string Kernel() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.Version.ToString();

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)).Select(l => l["PRETTY_NAME=".Length..].Trim('"')).FirstOrDefault() ?? "unknown"
            : "unknown";

    private static string OrleansVersion()
    {
        var version = typeof(Grain).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        // e.g. "10.4.2. Commit Hash: ..." or "10.4.2+commit": the version alone.
        return version.Split(' ', '+')[0].TrimEnd('.');
    }
}
