namespace JobRuntime.Sqlite.Tests;

/// <summary>A fresh temporary folder per test, deleted afterwards with every database file in it.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jobruntime-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A connection leaked by a failing test keeps a handle; the temp folder is cleaned by the OS.
        }
    }
}
