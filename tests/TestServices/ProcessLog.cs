namespace JobRuntime.TestServices;

/// <summary>
/// A child process's output, appended line by line to a file for a failing test to be looked into.
/// Lines that arrive after <see cref="Close"/> (the process's last output can be delivered after
/// its exit event) are dropped instead of failing the test host.
/// </summary>
public sealed class ProcessLog
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private bool _closed;

    /// <summary>Opens <paramref name="path"/> for appending.</summary>
    public ProcessLog(string path) => _writer = new StreamWriter(path, append: true) { AutoFlush = true };

    /// <summary>Appends a line; null (the end of a stream) and lines after <see cref="Close"/> are ignored.</summary>
    public void WriteLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            if (!_closed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _writer.Dispose();
        }
    }
}
