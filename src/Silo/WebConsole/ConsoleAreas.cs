namespace JobRuntime.Silo.WebConsole;

/// <summary>An area of the console: a link in its navigation bar and the pages under it.</summary>
/// <param name="Name">The link's text.</param>
/// <param name="Path">Where the link goes.</param>
internal sealed record ConsoleArea(string Name, string Path);

/// <summary>
/// The console's areas, in the order of the navigation bar. An area maps its own pages
/// (<c>Map*Console</c> in <see cref="ConsoleEndpoints"/>) and adds itself here.
/// </summary>
internal static class ConsoleAreas
{
    public static readonly ConsoleArea Jobs = new("Jobs", "/");

    public static readonly ConsoleArea States = new("States", "/console/states");

    public static readonly ConsoleArea Queues = new("Queues", "/console/queues");

    public static readonly ConsoleArea Platform = new("Platform", "/console/platform");

    public static IReadOnlyList<ConsoleArea> All { get; } = [Jobs, States, Queues, Platform];
}
