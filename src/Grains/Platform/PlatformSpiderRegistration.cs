namespace JobRuntime.Grains.Platform;

/// <summary>A .NET spider registered by name: a program given the job's context, run in the silo's process.</summary>
public sealed class PlatformSpiderRegistration(string name, Func<PlatformSpiderContext, CancellationToken, Task> run)
{
    /// <summary>The handler's name, as in the spider program <c>{"type":"dotnet","handler":"name"}</c>.</summary>
    public string Name { get; } = name;

    internal Func<PlatformSpiderContext, CancellationToken, Task> Run { get; } = run;
}
